package io.tradewire.gateway.topics;

import io.tradewire.model.BarInterval;
import io.tradewire.model.Instrument;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.InstrumentKind;
import io.tradewire.model.Printable;
import io.tradewire.model.StreamKeys;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topic grammar: {@code {type}.{symbol}.{interval}} for bars (type = the instrument's kind) and
 * {@code market.{REGION}.summary} for a region's overview, checked first as text ({@link #parse}), then
 * against the configuration ({@link #resolve}): which stream key a topic reads.
 */
final class Topics {
    static final String MARKET = "market";
    static final String SUMMARY = "summary";
    /** Longer topics are refused before they are split. */
    static final int MAX_TOPIC_LENGTH = 160;

    /** A topic that is well formed: {@code interval} is null for a region summary. */
    record Parsed(String text, String type, String subject, BarInterval interval) {
        boolean isSummary() {
            return interval == null;
        }
    }

    /** Why a topic was refused: the error code and the message with its arguments. */
    static final class Refused extends Exception {
        final String errorCode;
        final Message message;
        final transient Object[] args;

        Refused(String errorCode, Message message, Object... args) {
            super(message.name(), null, false, false);
            this.errorCode = errorCode;
            this.message = message;
            this.args = args;
        }
    }

    private final InstrumentDirectory instruments;
    private final Map<String, String> aliases;
    private final Set<String> regions;

    Topics(InstrumentDirectory instruments, Map<String, String> aliases) {
        this.instruments = instruments;
        this.aliases = aliases;
        this.regions = TopicsConfig.regions(instruments);
    }

    /** Checks the grammar only: three non-empty segments, a known type, a known interval (case-sensitive). */
    static Parsed parse(String topic) throws Refused {
        String shown = Printable.of(topic);
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw invalid(Message.INVALID_TOPIC, shown);
        }
        String[] parts = topic.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[2].isEmpty() || !StreamKeys.isValidSegment(parts[1])) {
            throw invalid(Message.INVALID_TOPIC, shown);
        }
        String type = parts[0];
        if (type.equals(MARKET)) {
            if (!parts[2].equals(SUMMARY)) {
                throw invalid(Message.NOT_SUMMARY, shown);
            }
            return new Parsed(topic, type, parts[1], null);
        }
        if (kind(type).isEmpty()) {
            throw invalid(Message.UNKNOWN_DATA_TYPE, shown, Printable.of(type));
        }
        BarInterval interval = BarInterval.parse(parts[2])
                .orElseThrow(() -> invalid(Message.UNKNOWN_INTERVAL, shown, Printable.of(parts[2])));
        return new Parsed(topic, type, parts[1], interval);
    }

    /** The stream key of a well-formed topic, when the symbol (or alias) or region exists here with that kind. */
    String resolve(Parsed topic) throws Refused {
        if (topic.isSummary()) {
            if (!regions.contains(topic.subject())) {
                throw failed(Message.UNKNOWN_REGION, topic.subject());
            }
            return StreamKeys.regionSummary(topic.subject());
        }
        Instrument instrument = instruments.find(topic.subject())
                .or(() -> instruments.find(aliases.get(topic.subject())))
                .orElseThrow(() -> failed(Message.UNKNOWN_SYMBOL, topic.subject()));
        if (!instrument.kind().wireName().equals(topic.type())) {
            throw failed(Message.KIND_MISMATCH, topic.subject(), instrument.kind().wireName(), topic.type());
        }
        if (!instrument.routedToVenue()) {
            throw failed(Message.NO_BARS, topic.subject());
        }
        return StreamKeys.marketBar(instrument.symbol(), topic.interval().wireName());
    }

    /** The kind a topic type names: exactly a lower-case kind wire name ({@code stock}, …). */
    static Optional<InstrumentKind> kind(String type) {
        for (InstrumentKind kind : InstrumentKind.values()) {
            if (kind.wireName().equals(type)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private static Refused invalid(Message message, Object... args) {
        return new Refused(TopicError.INVALID_TOPIC, message, args);
    }

    private static Refused failed(Message message, Object... args) {
        return new Refused(TopicError.SUBSCRIPTION_FAILED, message, args);
    }
}
