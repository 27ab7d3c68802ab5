package io.tradewire.gateway.topics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Printable;
import io.tradewire.model.event.StreamPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code topics} dialect (seed 003): public market data by topic at {@code /api/v1/ws/{client_id}}, no
 * authentication. {@code connection_ack} first; {@code subscribe} / {@code unsubscribe} one topic
 * ({@code stock.AAPL.1m}, {@code market.US.summary}); {@code ping}; {@code data} pushes of OHLCV bars and
 * region summaries; errors {@code invalid_message}, {@code invalid_topic}, {@code subscription_failed}
 * with Chinese messages (English with {@code ?lang=en}). See {@code docs/dialects/topics.md}.
 *
 * <p>Error rule: the message itself (not JSON, no or unknown {@code type}, no {@code topic}) is an
 * {@code invalid_message}; a topic against the grammar (segments, data type, interval) is an
 * {@code invalid_topic}; a well-formed topic naming nothing here (unknown symbol or region, a symbol of
 * another kind, one not traded on the venue, too many topics) is a {@code subscription_failed}.
 */
public final class TopicsCodec implements DialectCodec {
    public static final String NAME = "topics";
    static final String DEFAULT_PATH = "/api/v1/ws/:client_id";

    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String PING = "ping";

    private static final Logger LOG = LoggerFactory.getLogger(TopicsCodec.class);

    private final Clock clock;
    private TopicsConfig config = TopicsConfig.defaults();
    private Topics topics = new Topics(new InstrumentDirectory(List.of()), config.aliases());
    private TopicsEncoder encoder;

    public TopicsCodec() {
        this(Clock.systemUTC());
    }

    /** With the clock of the timestamps the gateway does not supply (acknowledgements, errors). */
    TopicsCodec(Clock clock) {
        this.clock = clock;
        this.encoder = new TopicsEncoder(config, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DialectDefaults defaults() {
        return new DialectDefaults(DEFAULT_PATH, Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    @Override
    public void configure(DialectContext context) {
        this.config = TopicsConfig.from(context.section(), context.instruments(), LOG);
        this.topics = new Topics(context.instruments(), config.aliases());
        this.encoder = new TopicsEncoder(config, clock);
    }

    @Override
    public Inbound decode(String frame, SessionView session) throws DecodeException {
        JsonNode node;
        try {
            node = ClientJson.readTree(frame);
        } catch (JsonProcessingException e) {
            throw invalidMessage(session, ErrorCode.MALFORMED, null, Message.NOT_JSON);
        }
        if (node == null || !node.isObject()) {
            throw invalidMessage(session, ErrorCode.MALFORMED, null, Message.NOT_OBJECT);
        }
        ObjectNode message = (ObjectNode) node;
        String type = text(message, "type", null, session);
        switch (type) {
            case PING:
                return new Inbound.Ping();
            case SUBSCRIBE:
                return subscribe(text(message, "topic", type, session), since(message, session), session);
            case UNSUBSCRIBE:
                return unsubscribe(text(message, "topic", type, session), session);
            default:
                throw invalidMessage(session, ErrorCode.UNSUPPORTED, null, Message.UNKNOWN_TYPE, Printable.of(type));
        }
    }

    @Override
    public List<String> encode(Outbound message, SessionView session) {
        return encoder.encode(message, session);
    }

    /** The optional {@code since: {"epoch","seq"}} of a subscribe: where an earlier connection left the topic. */
    private ObjectNode since(ObjectNode message, SessionView session) throws DecodeException {
        JsonNode since = message.get("since");
        if (since == null || since.isNull()) {
            return null;
        }
        if (!since.isObject()) {
            throw invalidMessage(session, ErrorCode.MALFORMED, SUBSCRIBE, Message.BAD_SINCE);
        }
        return (ObjectNode) since;
    }

    private Inbound subscribe(String topic, ObjectNode since, SessionView session) throws DecodeException {
        TopicsState state = TopicsState.of(session);
        String stream;
        try {
            stream = topics.resolve(Topics.parse(topic));
        } catch (Topics.Refused refused) {
            throw refused(session, SUBSCRIBE, refused);
        }
        // Each topic reads one stream: the gateway's bound on streams per session caps the topics too.
        int max = Math.min(config.maxSubscriptions(), session.maxSubscriptions());
        if (!state.has(topic) && state.topicCount() >= max) {
            throw raise(session, ErrorCode.FORBIDDEN, SUBSCRIBE, TopicError.SUBSCRIPTION_FAILED, Message.TOO_MANY, max);
        }
        List<StreamPosition> from = List.of();
        if (since != null) {
            try {
                from = List.of(ClientJson.position(since, stream, SUBSCRIBE));
            } catch (DecodeException e) {
                throw invalidMessage(session, ErrorCode.MALFORMED, SUBSCRIBE, Message.BAD_SINCE);
            }
        }
        state.add(topic, stream);
        return new Inbound.Subscribe(from.isEmpty() ? List.of(stream) : List.of(), topic, true, from);
    }

    /** Leaving a topic this session holds always works; any other well-formed topic is acknowledged as a no-op. */
    private Inbound unsubscribe(String topic, SessionView session) throws DecodeException {
        TopicsState state = TopicsState.of(session);
        if (!state.has(topic)) {
            try {
                Topics.parse(topic);
            } catch (Topics.Refused refused) {
                throw refused(session, UNSUBSCRIBE, refused);
            }
            return new Inbound.Unsubscribe(List.of(), topic);
        }
        String stream = state.streamOf(topic);
        return new Inbound.Unsubscribe(state.remove(topic) ? List.of(stream) : List.of(), topic);
    }

    /** A required text field; missing or not a string is an {@code invalid_message}. */
    private String text(ObjectNode message, String field, String requestType, SessionView session) throws DecodeException {
        JsonNode value = message.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
            throw invalidMessage(session, ErrorCode.MALFORMED, requestType, Message.MISSING_FIELD, field);
        }
        if (!value.isTextual()) {
            throw invalidMessage(session, ErrorCode.MALFORMED, requestType, Message.NOT_TEXT, field);
        }
        return value.textValue();
    }

    private DecodeException refused(SessionView session, String requestType, Topics.Refused refused) {
        ErrorCode code = refused.errorCode.equals(TopicError.INVALID_TOPIC) ? ErrorCode.MALFORMED : ErrorCode.UNKNOWN_INSTRUMENT;
        return raise(session, code, requestType, refused.errorCode, refused.message, refused.args);
    }

    private DecodeException invalidMessage(SessionView session, ErrorCode code, String requestType, Message message,
                                           Object... args) {
        return raise(session, code, requestType, TopicError.INVALID_MESSAGE, message, args);
    }

    /** The decode failure, carrying the dialect's own error for {@link #encode} in its detail. */
    private DecodeException raise(SessionView session, ErrorCode code, String requestType, String errorCode,
                                  Message message, Object... args) {
        String text = message.format(TopicsState.of(session).language(session, config.language()), args);
        return new DecodeException(code, text, requestType, new TopicError(errorCode, text));
    }
}
