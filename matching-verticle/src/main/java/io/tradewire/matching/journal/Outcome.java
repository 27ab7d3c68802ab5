package io.tradewire.matching.journal;

import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.Event;
import java.util.List;

/**
 * What one command produced, waiting to leave the venue: a reply or a failure, then events.
 *
 * @param context      what the reply goes to (the bus message), or null for events without a request
 * @param reply        the reply on success
 * @param errorCode    the failure code, or null on success
 * @param errorMessage the failure text
 * @param events       the events to publish after the reply, in order
 */
public record Outcome(Object context, Object reply, ErrorCode errorCode, String errorMessage, List<Event> events) {
    public static Outcome failure(Object context, ErrorCode code, String message) {
        return new Outcome(context, null, code, message, List.of());
    }

    public boolean failed() {
        return errorCode != null;
    }
}
