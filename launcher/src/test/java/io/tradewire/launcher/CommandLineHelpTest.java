package io.tradewire.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CommandLineHelpTest {

    @Test
    @DisplayName("Every command and subcommand of tradewire answers --help with its usage and exit status 0")
    void helpEverywhere() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertThat(paths).extracting(path -> String.join(" ", path))
                .contains("", "run", "token", "status", "bench", "bench fanout", "bench orders", "bench connections", "bench lob", "bench jmh");
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            StringWriter out = new StringWriter();
            int code = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute(args.toArray(String[]::new));
            assertThat(code).as("tradewire %s --help", String.join(" ", path)).isZero();
            assertThat(out.toString()).as("tradewire %s --help", String.join(" ", path)).contains("Usage:", "--help");
        }
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name) && !name.equals("help")) {
                List<String> deeper = new ArrayList<>(path);
                deeper.add(name);
                collect(sub, deeper, paths);
            }
        });
    }
}
