package io.tradewire.launcher;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the root configuration: {@code conf/tradewire-defaults.yaml} (inside the jar) &lt; {@code --config FILE}
 * &lt; {@code TRADEWIRE_*} environment variables &lt; {@code --set} / command options.
 *
 * <p>Files are read with vertx-config. Environment variables and {@code --set} are applied here because
 * vertx-config's env store has no mapping from {@code TRADEWIRE_AUTH_JWT_SECRET} to the nested key
 * {@code auth.jwt.secret}; we match each variable against the keys the defaults and file define, so
 * that keys with dashes ({@code gateway.exchange.ping-interval}) are reachable too.
 */
public final class ConfigLoader {
    public static final String DEFAULTS = "tradewire-defaults.yaml";
    static final String ENV_PREFIX = "TRADEWIRE_";
    private static final Set<String> TOP_LEVEL = Set.of(
            "profile", "data-dir", "http", "auth", "gateway", "mcp", "matching", "notifier", "broker", "brokers", "market", "algo",
            "instruments", "verticles", "metrics", "cluster");
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private ConfigLoader() {
    }

    public static Future<JsonObject> load(Vertx vertx, Path configFile, Map<String, String> env, Map<String, String> sets) {
        ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(0).setIncludeDefaultStores(false)
                .addStore(new ConfigStoreOptions().setType("file").setFormat("yaml")
                        .setConfig(new JsonObject().put("path", DEFAULTS)));
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                return Future.failedFuture(new IllegalArgumentException("configuration file not found: " + configFile));
            }
            String name = configFile.getFileName().toString().toLowerCase(Locale.ROOT);
            options.addStore(new ConfigStoreOptions().setType("file")
                    .setFormat(name.endsWith(".json") ? "json" : "yaml")
                    .setConfig(new JsonObject().put("path", configFile.toAbsolutePath().toString())));
        }
        ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
        return retriever.getConfig()
                .andThen(done -> retriever.close())
                .map(config -> applyOverrides(config, env, sets));
    }

    /**
     * Loads the configuration before the node's Vert.x instance exists (its options depend on it: {@code metrics.enabled}),
     * with a short-lived Vert.x instance for vertx-config (blocking: command line and tests only).
     */
    public static JsonObject loadNow(Path configFile, Map<String, String> env, Map<String, String> sets) throws Exception {
        Vertx loader = Vertx.vertx();
        try {
            return load(loader, configFile, env, sets).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            loader.close();
        }
    }

    /** Applies environment variables, then {@code --set} pairs; warns about unknown top-level keys. */
    static JsonObject applyOverrides(JsonObject config, Map<String, String> env, Map<String, String> sets) {
        JsonObject result = config.copy();
        List<String> known = leafPaths(result, "");
        env.entrySet().stream()
                .filter(e -> e.getKey().startsWith(ENV_PREFIX) && e.getKey().length() > ENV_PREFIX.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String path = pathOfEnv(e.getKey().substring(ENV_PREFIX.length()), known);
                    if (path != null) {
                        put(result, path, e.getValue());
                    }
                });
        sets.forEach((key, value) -> put(result, key, value));
        for (String key : result.fieldNames()) {
            if (!TOP_LEVEL.contains(key)) {
                LOG.warn("Unknown configuration key '{}' is ignored", key);
            }
        }
        return result;
    }

    /** The known key an environment variable names ({@code AUTH_JWT_SECRET} → {@code auth.jwt.secret}), or null. */
    static String pathOfEnv(String name, List<String> knownPaths) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (String path : knownPaths) {
            if (path.replace('.', '_').replace('-', '_').equals(wanted)) {
                return path;
            }
        }
        LOG.warn("Environment variable {}{} names no known configuration key; ignored", ENV_PREFIX, name);
        return null;
    }

    /** Sets a dotted key, creating sections as needed. */
    static void put(JsonObject root, String dottedKey, String value) {
        String[] parts = dottedKey.split("\\.");
        JsonObject node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object child = node.getValue(parts[i]);
            if (!(child instanceof JsonObject)) {
                child = new JsonObject();
                node.put(parts[i], child);
            }
            node = (JsonObject) child;
        }
        node.put(parts[parts.length - 1], value);
    }

    private static List<String> leafPaths(JsonObject node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (String key : node.fieldNames()) {
            Object value = node.getValue(key);
            String path = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof JsonObject child && !child.isEmpty()) {
                paths.addAll(leafPaths(child, path));
            } else {
                paths.add(path);
            }
        }
        return paths;
    }
}
