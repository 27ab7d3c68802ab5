package io.tradewire.gateway.topics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.Push;
import io.tradewire.model.view.SummaryItem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders canonical outbound messages as topics-dialect frames. Every timestamp is the seed's ISO local
 * date-time with microseconds ({@code 2025-09-22T05:16:02.800339}) in the configured zone.
 */
final class TopicsEncoder {
    private final TopicsConfig config;
    private final Clock clock;
    private final DateTimeFormatter time;

    TopicsEncoder(TopicsConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.time = timeFormat(config.zone());
    }

    static DateTimeFormatter timeFormat(ZoneId zone) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").withZone(zone);
    }

    List<String> encode(Outbound message, SessionView session) {
        if (session == null) {
            return List.of(); // frames depend on the session's topics: never rendered for "every session"
        }
        if (message instanceof Outbound.Delivery delivery) {
            return delivery(delivery, session);
        }
        if (message instanceof Outbound.SubscriptionResult result) {
            return subscriptionResult(result, session);
        }
        if (message instanceof Outbound.Resumed resumed) {
            String topic = resumed.request().echo() instanceof String text ? text : null;
            boolean recovered = resumed.results().stream().allMatch(Outbound.Resumed.Result::recovered);
            return List.of(ClientJson.write(ClientJson.object().put("type", "resume_ack").put("topic", topic)
                    .put("recovered", recovered).put("timestamp", now())));
        }
        ObjectNode frame;
        if (message instanceof Outbound.Opened opened) {
            frame = ClientJson.object().put("type", "connection_ack")
                    .put("client_id", session.queryParam("client_id").orElse(session.id()))
                    .put("timestamp", format(opened.timestamp()));
        } else if (message instanceof Outbound.Pong pong) {
            frame = ClientJson.object().put("type", "pong").put("timestamp", format(pong.timestamp()));
        } else if (message instanceof Outbound.Failure failure) {
            frame = error(failure(failure, session));
        } else if (message instanceof Outbound.Closing closing) {
            String code = closing.reason() == CloseReason.SLOW_CONSUMER ? TopicError.SLOW_CONSUMER : TopicError.RATE_LIMITED;
            frame = error(new TopicError(code, text(closing.reason().errorCode(), closing.message(), session)));
        } else if (message instanceof Outbound.CommandResult result && !result.success()) {
            frame = error(new TopicError(TopicError.INVALID_MESSAGE, text(result.error(), result.message(), session)));
        } else {
            return List.of(); // heartbeats, auth results: nothing in this dialect
        }
        return List.of(ClientJson.write(frame));
    }

    /** A decoder error as raised, or the gateway's own failure (a binary frame …) in the session's language. */
    private TopicError failure(Outbound.Failure failure, SessionView session) {
        if (failure.detail() instanceof TopicError raised) {
            return raised;
        }
        String errorCode = switch (failure.code()) {
            case UNKNOWN_INSTRUMENT, FORBIDDEN, UNAUTHENTICATED -> TopicError.SUBSCRIPTION_FAILED;
            case RATE_LIMITED -> TopicError.RATE_LIMITED;
            default -> TopicError.INVALID_MESSAGE;
        };
        return new TopicError(errorCode, text(failure.code(), failure.message(), session));
    }

    private String text(ErrorCode code, String message, SessionView session) {
        boolean english = TopicsState.of(session).language(session, config.language()) == Language.EN;
        return english && message != null ? message : Message.generic(code);
    }

    private ObjectNode error(TopicError error) {
        return ClientJson.object().put("type", "error").put("error_code", error.errorCode())
                .put("error_message", error.message()).put("timestamp", now());
    }

    private List<String> subscriptionResult(Outbound.SubscriptionResult result, SessionView session) {
        boolean subscribe = result.request() instanceof Inbound.Subscribe;
        Object echo = subscribe
                ? ((Inbound.Subscribe) result.request()).echo()
                : ((Inbound.Unsubscribe) result.request()).echo();
        String topic = echo instanceof String text ? text : null;
        if (!result.success()) {
            boolean english = TopicsState.of(session).language(session, config.language()) == Language.EN;
            return List.of(ClientJson.write(error(new TopicError(TopicError.SUBSCRIPTION_FAILED,
                    english ? "Subscription failed: " + result.message() : "订阅失败"))));
        }
        List<String> frames = new ArrayList<>(2);
        frames.add(ClientJson.write(ClientJson.object().put("type", subscribe ? "subscribe_ack" : "unsubscribe_ack")
                .put("topic", topic).put("timestamp", now())));
        if (subscribe && topic != null) {
            // A topic joining a stream this session already reads gets no snapshot from the gateway: start it
            // with the last state rendered on that stream instead.
            TopicsState state = TopicsState.of(session);
            Push last = state.last(state.streamOf(topic));
            ObjectNode data = last == null ? null : data(topic, last.event(), true);
            if (data != null) {
                frames.add(ClientJson.write(data.put("epoch", last.epoch()).put("seq", last.seq())));
            }
        }
        return frames;
    }

    private List<String> delivery(Outbound.Delivery delivery, SessionView session) {
        TopicsState state = TopicsState.of(session);
        String stream = delivery.push().stream();
        List<String> frames = new ArrayList<>(1);
        for (String topic : state.topicsOf(stream)) {
            ObjectNode frame = data(topic, delivery.push().event(), delivery.snapshot());
            if (frame != null) {
                // Extra fields old clients ignore: the stream's epoch and sequence number (for subscribe's since).
                frames.add(ClientJson.write(frame.put("epoch", delivery.push().epoch()).put("seq", delivery.push().seq())));
            }
        }
        if (!frames.isEmpty()) {
            state.rendered(stream, delivery.push());
        }
        return frames;
    }

    /** {@code {"type":"data","topic","snapshot","data":{…},"timestamp"}}; null for an event this dialect does not show. */
    private ObjectNode data(String topic, Event event, boolean snapshot) {
        ObjectNode data;
        long timestamp;
        if (event instanceof BarUpdated bar) {
            data = ClientJson.object()
                    .put("symbol", bar.instrument())
                    .put("interval", bar.interval())
                    .put("open", bar.open())
                    .put("high", bar.high())
                    .put("low", bar.low())
                    .put("close", bar.close())
                    .put("volume", bar.volume())
                    .put("trades", bar.trades())
                    .put("open_time", format(bar.openTime()))
                    .put("close_time", format(bar.closeTime()));
            timestamp = bar.timestamp();
        } else if (event instanceof MarketSummary summary) {
            data = ClientJson.object().put("region", summary.region());
            ArrayNode items = data.putArray("items");
            for (SummaryItem item : summary.items()) {
                items.addObject()
                        .put("symbol", item.symbol())
                        .put("kind", item.kind())
                        .put("last", item.last())
                        .put("open", item.open())
                        .put("high", item.high())
                        .put("low", item.low())
                        .put("change", item.change())
                        .put("change_percent", item.changePercent())
                        .put("volume", item.volume());
            }
            timestamp = summary.timestamp();
        } else {
            return null;
        }
        ObjectNode frame = ClientJson.object().put("type", "data").put("topic", topic).put("snapshot", snapshot);
        frame.set("data", data);
        return frame.put("timestamp", format(timestamp));
    }

    private String format(long epochMillis) {
        return time.format(Instant.ofEpochMilli(epochMillis));
    }

    private String now() {
        return time.format(clock.instant());
    }
}
