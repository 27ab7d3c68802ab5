package io.tradewire.launcher;

import io.tradewire.gateway.qe.ApiKeyStore;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tradewire api-key}: QE API keys in the data dir that {@code run} uses (same config options), or in
 * {@code gateway.qe.api-key-dir} when set (one directory shared by the gateways of a cluster). Creates one
 * ({@code --user ID}: prints {@code {"apiKey","apiSecret"}} once; the secret is stored encrypted and never shown
 * again), lists them ({@code --list}, one JSON line each, without secrets) or revokes one ({@code --revoke KEY}). A
 * running gateway sees the change with its next request.
 */
@Command(name = "api-key", mixinStandardHelpOptions = true,
        description = "Create (--user ID), list (--list) or revoke (--revoke KEY) QE API keys in the data dir that 'run' uses.")
final class ApiKeyCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    static final class Action {
        @Option(names = "--user", paramLabel = "ID", description = "Create a key for this user: letters, digits, '_' or '-'.")
        String user;

        @Option(names = "--list", description = "List the keys (API key, user, creation time; never the secrets).")
        boolean list;

        @Option(names = "--revoke", paramLabel = "KEY", description = "Revoke an API key.")
        String revoke;
    }

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        JsonObject config;
        try {
            config = ConfigLoader.load(vertx, configOptions.configFile(), System.getenv(), configOptions.overrides())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close();
        }
        ApiKeyStore store = ApiKeyStore.at(ApiKeyStore.dirOf(config));
        if (action.user != null) {
            ApiKeyStore.Created created = store.create(action.user);
            System.out.println(new JsonObject().put("apiKey", created.apiKey()).put("apiSecret", created.apiSecret()).encode());
            return 0;
        }
        if (action.list) {
            store.list().forEach(key -> System.out.println(new JsonObject().put("apiKey", key.apiKey()).put("userId", key.userId())
                    .put("createdAt", key.createdAt()).encode()));
            return 0;
        }
        if (!store.revoke(action.revoke)) {
            System.err.println("tradewire api-key: no such API key");
            return 1;
        }
        System.out.println(new JsonObject().put("revoked", action.revoke).encode());
        return 0;
    }
}
