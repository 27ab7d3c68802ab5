package io.tradewire.gateway.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the JWKS comes from: a file (read with Vert.x's asynchronous file system) or a URL (fetched with the
 * core HTTP client: no redirects, a connect and idle timeout, at most {@link Jwks#MAX_BYTES}). Never blocks the
 * event loop.
 */
final class JwksSource {
    static final int CONNECT_TIMEOUT_MS = 5_000;
    static final int IDLE_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(JwksSource.class);

    private final Vertx vertx;
    private final AuthConfig config;

    JwksSource(Vertx vertx, AuthConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Where the keys come from, for logs (a URL without its query). */
    String describe() {
        return config.jwksFile() != null ? "auth.jwt.jwks-file " + config.jwksFile()
                : "auth.jwt.jwks-url " + AuthConfig.redacted(config.jwksUrl());
    }

    /** The usable keys; fails when the source cannot be read or holds no usable key. */
    Future<List<Jwks.Key>> load() {
        Future<String> text = config.jwksFile() != null ? readFile() : fetch(config.jwksUrl());
        Set<String> allowed = config.algorithms();
        return text.map(body -> {
            List<Jwks.Key> keys;
            try {
                keys = Jwks.parse(body, allowed, describe(), LOG);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(describe() + " is not a JSON Web Key Set: " + e.getMessage());
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException(describe() + " holds no usable key (RSA for RS256 or EC P-256 for ES256, "
                        + "allowed by auth.jwt.algorithms)");
            }
            return keys;
        });
    }

    private Future<String> readFile() {
        String path = config.jwksFile().toString();
        return vertx.fileSystem().props(path)
                .compose(props -> props.size() > Jwks.MAX_BYTES
                        ? Future.failedFuture(new IllegalStateException(describe() + " is larger than " + Jwks.MAX_BYTES + " bytes"))
                        : vertx.fileSystem().readFile(path))
                .map(buffer -> buffer.toString(StandardCharsets.UTF_8))
                .recover(e -> Future.failedFuture(e instanceof IllegalStateException ? e
                        : new IllegalStateException("cannot read " + describe() + ": " + e.getMessage())));
    }

    private Future<String> fetch(URI url) {
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setIdleTimeout(IDLE_TIMEOUT_MS / 1000)
                .setSsl(tls)
                .setVerifyHost(true));
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        String uri = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost()).setPort(port)
                .setSsl(tls).setURI(uri).setFollowRedirects(false).setIdleTimeout(IDLE_TIMEOUT_MS)
                .putHeader("Accept", "application/json");
        Promise<String> body = Promise.promise();
        client.request(request)
                .compose(req -> req.send())
                .onFailure(body::tryFail)
                .onSuccess(response -> {
                    if (response.statusCode() != 200) {
                        response.request().reset();
                        body.tryFail(new IllegalStateException("HTTP " + response.statusCode()));
                        return;
                    }
                    Buffer received = Buffer.buffer();
                    response.handler(chunk -> {
                        if (received.length() + chunk.length() > Jwks.MAX_BYTES) {
                            body.tryFail(new IllegalStateException("larger than " + Jwks.MAX_BYTES + " bytes"));
                            response.request().reset();
                        } else {
                            received.appendBuffer(chunk);
                        }
                    });
                    response.exceptionHandler(body::tryFail);
                    response.endHandler(v -> body.tryComplete(received.toString(StandardCharsets.UTF_8)));
                });
        return body.future()
                .eventually(() -> client.close())
                .recover(e -> Future.failedFuture(new IllegalStateException("cannot fetch " + describe() + ": " + e.getMessage())));
    }
}
