package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.NodeMetrics;

/** The metric label of a message: its record's name in snake case ({@link NodeMetrics#typeName}). */
final class MessageTypes {
    private MessageTypes() {
    }

    /** An inbound request: its kind, or the command's for an {@link Inbound.Execute}. */
    static String of(Inbound request) {
        return NodeMetrics.typeName(request instanceof Inbound.Execute execute ? execute.command().getClass() : request.getClass());
    }

    /** An outbound message: its kind, or the event's for a {@link Outbound.Delivery}. */
    static String of(Outbound message) {
        return NodeMetrics.typeName(message instanceof Outbound.Delivery delivery ? delivery.push().event().getClass()
                : message.getClass());
    }

    static String ofEvent(Object event) {
        return NodeMetrics.typeName(event.getClass());
    }
}
