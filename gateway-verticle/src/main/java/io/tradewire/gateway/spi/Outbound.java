package io.tradewire.gateway.spi;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.Push;
import java.util.List;

/** Something for the client, in canonical form; the codec renders it in its dialect. */
public sealed interface Outbound {

    /** The outcome of an {@link Inbound.Authenticate}. */
    record AuthResult(boolean success, String userId, String message) implements Outbound {
    }

    /** The outcome of an {@link Inbound.Subscribe} or {@link Inbound.Unsubscribe}. */
    record SubscriptionResult(Inbound request, boolean success, String message) implements Outbound {
    }

    /**
     * The outcome of an {@link Inbound.Execute}: the venue's reply record, or an error code and message.
     */
    record CommandResult(Inbound.Execute request, Object reply, ErrorCode error, String message) implements Outbound {
        public static CommandResult ok(Inbound.Execute request, Object reply) {
            return new CommandResult(request, reply, null, null);
        }

        public static CommandResult failed(Inbound.Execute request, ErrorCode error, String message) {
            return new CommandResult(request, null, error, message);
        }

        public boolean success() {
            return error == null;
        }
    }

    /**
     * A message of a subscribed stream, in the stream's order: live, held back while the stream caught up, or
     * replayed from the notifier's history after a loss or on a resume.
     *
     * <p>{@code push.stream()}, {@code push.epoch()} and {@code push.seq()} name a live message (a replayed one carries
     * the same three as the original), so a dialect can derive a stable message id from them. The events of a
     * snapshot all carry the position the state was taken at, which a live message with that sequence number
     * already folded in: they describe state, not numbered messages.
     *
     * @param snapshot true for the events that make up the stream's current state, sent right after a
     *                 subscription (or a {@link Resync}) and before the live messages that follow it
     */
    record Delivery(Push push, boolean snapshot) implements Outbound {
    }

    /**
     * Messages of a stream were lost and could not be recovered (the notifier restarted, or its history no longer
     * reaches back far enough): the stream starts over from its current state, taken at {@code (epoch, seq)}, whose
     * events follow as snapshot {@link Delivery deliveries}. A dialect tells its client to replace what it holds for
     * the stream.
     */
    record Resync(String stream, long epoch, long seq) implements Outbound {
    }

    /**
     * Every stream of a resuming {@link Inbound.Subscribe} is answered: {@code recovered} streams have delivered the
     * messages the client missed; the others follow with a {@link Resync} and their snapshot.
     */
    record Resumed(Inbound.Subscribe request, List<Result> results) implements Outbound {
        public Resumed {
            results = List.copyOf(results);
        }

        /** One stream of the resume, in the order the client named them. */
        public record Result(String stream, boolean recovered) {
        }
    }

    /** Sent first on every new connection (a dialect may greet the client, e.g. with a connection acknowledgement). */
    record Opened(long timestamp) implements Outbound {
    }

    /**
     * Sent a few times a second to every session: a dialect that pushes on a schedule renders what is
     * due now (and nothing otherwise).
     *
     * @param timestamp wall-clock epoch milliseconds
     */
    record Heartbeat(long timestamp) implements Outbound {
    }

    /** Answer to an application-level ping. */
    record Pong(long timestamp) implements Outbound {
    }

    /**
     * The gateway is about to close the session on its own initiative (an expired token, rate-limit abuse,
     * a session limit). A dialect may tell the client why in its own shape (an error message, a Socket.IO
     * DISCONNECT ...); the gateway then closes the connection with {@link CloseReason#closeCode()}. A codec
     * that renders nothing for it leaves the close frame alone to explain.
     *
     * @param message a sentence for the client (never contains a token)
     */
    record Closing(CloseReason reason, String message) implements Outbound {
    }

    /**
     * A request failed before it reached anyone (malformed, unauthenticated, unsupported ...).
     *
     * @param requestType the client's request type when known, so the dialect can answer in that request's reply shape
     * @param detail      the dialect's own description from its {@link DecodeException#detail()}, or null
     */
    record Failure(ErrorCode code, String message, String requestType, Object detail) implements Outbound {
        public Failure(ErrorCode code, String message, String requestType) {
            this(code, message, requestType, null);
        }
    }
}
