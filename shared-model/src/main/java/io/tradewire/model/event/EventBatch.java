package io.tradewire.model.event;

import java.util.List;
import java.util.function.Consumer;

/**
 * The events of one venue command, in order, as one message on {@link io.tradewire.model.Addresses#EVENTS}: a fill
 * publishes a dozen events (orders, trades, accounts, positions, book, ticker, bars), and one message hands them to
 * each consumer's event loop at once instead of a dozen times. A body on that address is either an {@link Event} or
 * an {@code EventBatch}; consumers read both with {@link #forEach}.
 */
public record EventBatch(List<Event> events) {
    public EventBatch {
        events = List.copyOf(events);
    }

    /** Hands each event of a body of {@link io.tradewire.model.Addresses#EVENTS} to {@code consumer}, in order. */
    public static void forEach(Object body, Consumer<? super Event> consumer) {
        if (body instanceof EventBatch batch) {
            batch.events.forEach(consumer);
        } else if (body instanceof Event event) {
            consumer.accept(event);
        }
    }

    /** The body that carries {@code events}: the event itself when there is one, else a batch; null when there is none. */
    public static Object bodyOf(List<Event> events) {
        return switch (events.size()) {
            case 0 -> null;
            case 1 -> events.get(0);
            default -> new EventBatch(events);
        };
    }
}
