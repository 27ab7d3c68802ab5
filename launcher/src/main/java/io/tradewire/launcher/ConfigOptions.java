package io.tradewire.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The configuration options shared by every command, so that {@code token} signs with the key {@code run} uses. */
public final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Configuration file (YAML or JSON) laid over the defaults.")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (demo key, journals). Same as --set data-dir=DIR.")
    Path dataDir;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set any configuration key, e.g. --set gateway.exchange.ping-interval=5s (repeatable; wins over everything).")
    List<String> sets = new ArrayList<>();

    /** The {@code --set} pairs in order, with {@code --data-dir} applied last. */
    public Map<String, String> overrides() {
        Map<String, String> result = new LinkedHashMap<>();
        for (String set : sets) {
            int eq = set.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set expects KEY=VALUE, got '" + set + "'");
            }
            result.put(set.substring(0, eq).trim(), set.substring(eq + 1));
        }
        if (dataDir != null) {
            result.put("data-dir", dataDir.toString());
        }
        return result;
    }

    public Path configFile() {
        return configFile;
    }
}
