package io.tradewire.broker;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;

/**
 * One JSON request to a broker's REST API: the status and the parsed body (a {@code JsonObject}, a {@code JsonArray} or
 * null when empty). The body of a reply is untrusted: its size is capped and a malformed one is a failure, not a crash.
 */
public final class HttpJson {
    /** Largest REST reply accepted from a broker. */
    public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    /** A reply: the HTTP status and the parsed body. */
    public record Reply(int status, Object body) {
    }

    private final HttpClient client;
    private final long timeoutMillis;

    public HttpJson(HttpClient client, long timeoutMillis) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
    }

    public Future<Reply> send(HttpMethod method, String url, MultiMap headers, String body) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setTimeout(timeoutMillis);
        if (headers != null) {
            options.setHeaders(headers);
        }
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.putHeader("Content-Type", "application/json").send(body))
                .compose(response -> capped(response).map(buffer -> new Reply(response.statusCode(), parse(buffer))));
    }

    /** The body, read as it arrives; past {@link #MAX_BODY_BYTES} the request is reset and the reply fails. */
    private static Future<Buffer> capped(HttpClientResponse response) {
        Promise<Buffer> body = Promise.promise();
        Buffer buffer = Buffer.buffer();
        response.handler(chunk -> {
            if (buffer.length() + chunk.length() > MAX_BODY_BYTES) {
                body.tryFail(new IllegalStateException("reply larger than " + MAX_BODY_BYTES + " bytes"));
                response.request().reset();
            } else {
                buffer.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(body::tryFail);
        response.endHandler(v -> body.tryComplete(buffer));
        return body.future();
    }

    private static Object parse(Buffer buffer) {
        if (buffer.length() == 0) {
            return null;
        }
        try {
            return Json.decodeValue(buffer);
        } catch (DecodeException e) {
            throw new IllegalStateException("reply is not JSON");
        }
    }
}
