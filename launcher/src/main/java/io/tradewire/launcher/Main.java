package io.tradewire.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tradewire run | token | api-key | status | bench}: the one entry point of the fat jar. */
@Command(name = "tradewire", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Real-time trading notification and order mesh.",
        subcommands = {RunCommand.class, TokenCommand.class, ApiKeyCommand.class, StatusCommand.class,
                io.tradewire.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        int code = new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println("tradewire " + cmd.getCommandName() + ": " + e.getMessage());
                    return 1;
                })
                .execute(args);
        // 'run' returns only after its shutdown hook finished; System.exit() there would wait on the hooks forever.
        if (code != 0 || (args.length > 0 && !args[0].equals("run"))) {
            System.exit(code);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"tradewire " + (version == null ? "development build" : version)};
        }
    }
}
