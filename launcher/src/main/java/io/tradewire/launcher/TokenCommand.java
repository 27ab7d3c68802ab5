package io.tradewire.launcher;

import io.tradewire.gateway.auth.AuthConfig;
import io.tradewire.gateway.auth.SigningKeys;
import io.tradewire.gateway.auth.TokenService;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tradewire token --user ID}: prints a JWT signed with the key {@code run} uses (same config options). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a JWT for a user, signed with the key that 'run' uses with the same --config, --data-dir and --set.")
final class TokenCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "User id (the token's subject): letters, digits, '_' or '-'.")
    String user;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "A role to list in the token's roles claim (repeatable), e.g. --role admin for the admin REST routes.")
    List<String> roles = new ArrayList<>();

    @Option(names = "--ttl", paramLabel = "DURATION", description = "Lifetime such as 30m, 24h, 7d (default: auth.jwt.default-ttl).")
    String ttl;

    @Override
    public Integer call() throws Exception {
        Duration lifetime = ttl == null ? null : ConfigReader.parseDuration(ttl);
        Vertx vertx = Vertx.vertx();
        try {
            JsonObject config = ConfigLoader.load(vertx, configOptions.configFile(), System.getenv(), configOptions.overrides())
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            AuthConfig auth = AuthConfig.from(config);
            TokenService tokens = new TokenService(vertx, auth, SigningKeys.resolve(auth));
            System.out.println(tokens.mint(user, lifetime, roles));
            return 0;
        } finally {
            vertx.close();
        }
    }
}
