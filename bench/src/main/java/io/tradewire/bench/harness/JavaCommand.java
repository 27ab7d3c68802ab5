package io.tradewire.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A command line that runs a main class of this very class path (the fat jar) in a new JVM. */
final class JavaCommand {
    private JavaCommand() {
    }

    static List<String> of(List<String> jvmFlags, String mainClass, List<String> args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
