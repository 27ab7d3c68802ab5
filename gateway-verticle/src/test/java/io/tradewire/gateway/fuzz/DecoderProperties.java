package io.tradewire.gateway.fuzz;

import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.config.ConfigReader;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What every fuzz target checks for one client frame: the codec's {@code decode} returns an
 * {@link Inbound} or throws a typed {@link DecodeException} (any other throwable — a runtime exception,
 * a stack overflow — escapes and is Jazzer's finding); a refusal renders as at least one non-empty frame
 * without throwing; and what decodes stays inside the session's principal (no command on behalf of
 * another user, no subscription to another user's private stream).
 */
final class DecoderProperties {
    private DecoderProperties() {
    }

    /** The codec configured as the gateway would, with the contract test's instruments (IX2301, AAPL). */
    static <C extends DialectCodec> C configured(C codec) {
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(),
                ConfigReader.of(new JsonObject(), "gateway." + codec.name())));
        return codec;
    }

    /** Decodes one frame and checks the properties above; the decoded request, or null when it was refused. */
    static Inbound decodeOrRefuse(DialectCodec codec, String frame, SessionView session) {
        Inbound request;
        try {
            request = codec.decode(frame, session);
        } catch (DecodeException refused) {
            if (refused.code() == null) {
                throw new AssertionError("a refusal without an error code for " + show(frame));
            }
            List<String> frames = codec.encode(
                    new Outbound.Failure(refused.code(), refused.getMessage(), refused.requestType(), refused.detail()), session);
            if (frames == null || frames.isEmpty()) {
                throw new AssertionError("the refusal of " + show(frame) + " (" + refused.code() + ": " + refused.getMessage()
                        + ") renders as no frame");
            }
            for (String rendered : frames) {
                if (rendered == null || rendered.isEmpty()) {
                    throw new AssertionError("the refusal of " + show(frame) + " renders as an empty frame");
                }
            }
            return null;
        }
        if (request == null) {
            throw new AssertionError("decode returned null for " + show(frame));
        }
        staysWithThePrincipal(request, session, frame);
        return request;
    }

    /** A decoded request never reaches beyond the session's principal. */
    static void staysWithThePrincipal(Inbound request, SessionView session, String frame) {
        String principal = session.principal().orElse(null);
        List<String> streams = request instanceof Inbound.Subscribe subscribe ? subscribe.streams()
                : request instanceof Inbound.Unsubscribe unsubscribe ? unsubscribe.streams() : List.of();
        for (String stream : streams) {
            if (StreamKeys.isPrivate(stream) && (principal == null || !principal.equals(StreamKeys.ownerOf(stream)))) {
                throw new AssertionError(show(frame) + " decoded to private stream " + stream + " for principal " + principal);
            }
        }
        if (request instanceof Inbound.Execute execute && !execute.command().userId().equals(principal)) {
            throw new AssertionError(show(frame) + " decoded to a command for " + execute.command().userId()
                    + " in a session of " + principal);
        }
    }

    /** Never a private stream, whoever the session is: nothing {@code topics} serves is private. */
    static void onlyPublicStreams(Inbound request, String frame) {
        List<String> streams = request instanceof Inbound.Subscribe subscribe ? subscribe.streams()
                : request instanceof Inbound.Unsubscribe unsubscribe ? unsubscribe.streams() : List.of();
        for (String stream : streams) {
            if (StreamKeys.isPrivate(stream)) {
                throw new AssertionError(show(frame) + " decoded to private stream " + stream);
            }
        }
    }

    /** The frame for a failure message: cut, with control characters escaped. */
    static String show(String frame) {
        StringBuilder shown = new StringBuilder("\"");
        frame.codePoints().limit(200).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return shown.append(frame.length() > 200 ? "\"… (" + frame.length() + " chars)" : "\"").toString();
    }
}
