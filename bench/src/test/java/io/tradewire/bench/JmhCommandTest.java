package io.tradewire.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JmhCommandTest {

    @Test
    @DisplayName("bench jmh runs the LOB replay in a forked JVM under JMH and reports the time per command per engine and stream")
    void runsUnderJmh() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new CommandLine(new JmhCommand()).execute("--engines", "tradewire-book", "--mix", "xc", "--forks", "1",
                    "--warmups", "0", "--iterations", "1", "--json");
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        String out = captured.toString(StandardCharsets.UTF_8).strip();
        JsonObject report = new JsonObject(out.substring(out.lastIndexOf("\n") + 1));
        assertThat(report.getInteger("measuredCommands")).isEqualTo(3_000_000);
        assertThat(report.getJsonArray("results")).hasSize(1);
        JsonObject result = report.getJsonArray("results").getJsonObject(0);
        assertThat(result.getString("engine")).isEqualTo("tradewire-book");
        assertThat(result.getString("mix")).isEqualTo("xc");
        assertThat(result.getLong("passes")).isEqualTo(1);
        assertThat(result.getDouble("nsPerCommand")).isPositive().isBetween(result.getDouble("nsPerCommandMin"),
                result.getDouble("nsPerCommandMax"));
        assertThat(result.getValue("nsPerCommandError")).as("one pass: no confidence interval").isNull();
        assertThat(JmhCommand.human(result)).contains("tradewire-book", "ns per command", "one pass: no interval", "commands/s");
        assertThat(JmhCommand.human(result.copy().put("nsPerCommandError", 2.5))).contains("± 2.5 (99.9 % CI)");
    }
}
