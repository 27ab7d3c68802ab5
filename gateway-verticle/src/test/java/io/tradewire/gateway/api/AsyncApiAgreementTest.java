package io.tradewire.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.CloseReason;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectCodecContract;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderStatus;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.StreamKeys;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.AmendOrder;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import io.tradewire.model.config.ConfigReader;
import io.tradewire.model.algo.Algorithm;
import io.tradewire.model.algo.MasterOrderStatus;
import io.tradewire.model.algo.MasterOrderView;
import io.tradewire.model.event.AccountChanged;
import io.tradewire.model.event.AlgoOrderUpdated;
import io.tradewire.model.event.BarUpdated;
import io.tradewire.model.event.BookChanged;
import io.tradewire.model.event.Event;
import io.tradewire.model.event.MarketSummary;
import io.tradewire.model.event.MasterOrderUpdated;
import io.tradewire.model.event.OrderUpdated;
import io.tradewire.model.event.PositionChanged;
import io.tradewire.model.event.Push;
import io.tradewire.model.event.Tick;
import io.tradewire.model.event.TradeExecuted;
import io.tradewire.model.view.AccountView;
import io.tradewire.model.view.BookLevel;
import io.tradewire.model.view.OrderList;
import io.tradewire.model.view.OrderView;
import io.tradewire.model.view.PositionList;
import io.tradewire.model.view.PositionView;
import io.tradewire.model.view.SummaryItem;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every dialect's AsyncAPI document ({@code docs/asyncapi/<dialect>.yaml}) agrees with its codec, both ways, checked by
 * driving the real codec:
 * <ul>
 *   <li>every client message the document lists has examples, and every example decodes (no {@link DecodeException})
 *       and validates against the message's payload schema;</li>
 *   <li>every frame the codec renders — for the answers to those very requests and for a catalogue of every canonical
 *       outbound message (each event type as snapshot and live, each reply type, each error code, each close reason) —
 *       is a server message of the document and validates against its schema (which forbids undocumented fields);</li>
 *   <li>every server message of the document is rendered by the codec at least once.</li>
 * </ul>
 * A frame is matched to a message by its key: the {@code type} field for JSON dialects (a bare text frame such as
 * {@code pong} is its own key, with a JSON string as payload), the event name (or the packet kind: {@code CONNECT},
 * {@code CONNECT_ERROR}, {@code ACK}) for Socket.IO; the key is the message's {@code name}.
 * Schemas are validated with networknt json-schema-validator (draft-07, the base of the AsyncAPI schema format).
 *
 * <p>A new dialect = its document plus one entry in {@link #ENTRIES}.
 */
class AsyncApiAgreementTest {
    /** How to find a frame's message key and payload. */
    enum FrameShape { TYPE_FIELD, SOCKET_IO }

    record Entry(String dialect, FrameShape shape) {
        @Override
        public String toString() {
            return dialect;
        }
    }

    static final List<Entry> ENTRIES = List.of(
            new Entry("exchange", FrameShape.TYPE_FIELD),
            new Entry("ib", FrameShape.TYPE_FIELD),
            new Entry("topics", FrameShape.TYPE_FIELD),
            new Entry("socketio", FrameShape.SOCKET_IO),
            new Entry("qe", FrameShape.TYPE_FIELD));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Pattern PLAIN_WORD = Pattern.compile("[a-z_]+");
    private static final Pattern SOCKET_IO_PACKET = Pattern.compile("(?s)([0-6])(?:/[^,]*,)?([0-9]*)(.*)");
    private static final String USER = "u1";

    static Stream<Entry> entries() {
        return ENTRIES.stream();
    }

    @Test
    @DisplayName("Every dialect codec found by ServiceLoader has an entry here and a document on the class path")
    void everyDialectIsDocumented() {
        Set<String> codecs = codecs().keySet();
        assertThat(ENTRIES.stream().map(Entry::dialect).collect(Collectors.toSet())).isEqualTo(codecs);
        for (String dialect : codecs) {
            assertThat(AsyncApiAgreementTest.class.getClassLoader().getResource(ApiDocs.asyncApiResource(dialect)))
                    .as("document of %s", dialect).isNotNull();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    @DisplayName("The document is AsyncAPI 3.0 and names its dialect and path")
    void documentHeader(Entry entry) throws Exception {
        JsonNode doc = document(entry.dialect());
        assertThat(doc.path("asyncapi").asText()).startsWith("3.0");
        assertThat(doc.path("info").path("x-dialect").asText()).isEqualTo(entry.dialect());
        DialectCodec codec = codecs().get(entry.dialect());
        assertThat(doc.path("channels").toString()).contains(codec.defaults().path().replaceAll("/$", "").replaceAll(":([a-z_]+)", "{$1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    @DisplayName("Client examples decode, and every frame the codec renders is a documented server message with its schema; every documented server message is rendered")
    void codecAndDocumentAgree(Entry entry) throws Exception {
        JsonNode doc = document(entry.dialect());
        Map<String, JsonNode> client = messages(doc, "receive");
        Map<String, JsonNode> server = messages(doc, "send");
        assertThat(client).as("client messages of %s", entry.dialect()).isNotEmpty();
        assertThat(server).as("server messages of %s", entry.dialect()).isNotEmpty();

        DialectCodec codec = codecs().get(entry.dialect());
        codec.configure(new DialectContext(DialectCodecContract.testInstruments(), ConfigReader.of(new JsonObject(), "gateway." + codec.name())));
        TestSession session = TestSession.of(USER);
        List<String> frames = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Inbound.Execute> executes = new ArrayList<>();

        frames.addAll(codec.encode(new Outbound.Opened(1_700_000_000_000L), session));
        // A session may be authenticated by its connection already (a token in the URL, a qe listen key).
        frames.addAll(codec.encode(new Outbound.AuthResult(true, USER, "Authentication successful"), session));
        List<String> subscriptions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> message : client.entrySet()) {
            JsonNode examples = message.getValue().path("examples");
            if (!examples.isArray() || examples.isEmpty()) {
                problems.add("client message " + message.getKey() + " has no examples");
                continue;
            }
            JsonSchema schema = schema(doc, message.getValue());
            for (JsonNode example : examples) {
                JsonNode payload = example.get("payload");
                validate(schema, payload, "example of client message " + message.getKey(), problems);
                String frame = frame(entry.shape(), example);
                Inbound request;
                try {
                    request = codec.decode(frame, session);
                } catch (DecodeException e) {
                    problems.add("example of " + message.getKey() + " does not decode: " + frame + " → " + e.getMessage());
                    continue;
                }
                if (request instanceof Inbound.Subscribe) {
                    subscriptions.add(frame);
                }
                frames.addAll(answer(codec, session, request, executes));
            }
        }
        // The unsubscribe examples ran after the subscribe ones: subscribe again so that every push has a subscriber.
        for (String frame : subscriptions) {
            frames.addAll(answer(codec, session, codec.decode(frame, session), new ArrayList<>()));
        }
        for (Map.Entry<String, JsonNode> message : server.entrySet()) {
            for (JsonNode example : message.getValue().path("examples")) {
                validate(schema(doc, message.getValue()), example.get("payload"), "example of server message " + message.getKey(), problems);
            }
        }
        for (Outbound outbound : catalogue(executes)) {
            frames.addAll(codec.encode(outbound, session));
        }
        // Periodic pushes (Socket.IO) are rendered by the heartbeat; a day later, everything is due.
        frames.addAll(codec.encode(new Outbound.Heartbeat(System.currentTimeMillis() + 86_400_000L), session));
        for (CloseReason reason : CloseReason.values()) { // last: a dialect may consider itself disconnected after one
            frames.addAll(codec.encode(new Outbound.Closing(reason, reason.closeText()), session));
        }

        Set<String> rendered = new TreeSet<>();
        for (String frame : frames) {
            Keyed keyed = key(entry.shape(), frame);
            if (keyed == null) {
                problems.add("frame without a message key: " + frame);
                continue;
            }
            JsonNode message = server.get(keyed.key());
            if (message == null) {
                problems.add("frame " + keyed.key() + " is not a server message of the document: " + frame);
                continue;
            }
            rendered.add(keyed.key());
            validate(schema(doc, message), keyed.payload(), "frame " + frame, problems);
        }
        Set<String> unrendered = new TreeSet<>(server.keySet());
        unrendered.removeAll(rendered);
        unrendered.forEach(key -> problems.add("server message " + key + " of the document is never rendered by the codec"));
        assertThat(problems).as("disagreements of %s and its document", entry.dialect()).isEmpty();
    }

    // ---------------------------------------------------------------- driving the codec

    /** What the gateway would answer to a decoded request, rendered; executes are kept for the catalogue. */
    private static List<String> answer(DialectCodec codec, TestSession session, Inbound request, List<Inbound.Execute> executes) {
        List<String> frames = new ArrayList<>();
        if (request instanceof Inbound.Authenticate) {
            frames.addAll(codec.encode(new Outbound.AuthResult(false, null, "Invalid credentials"), session));
            frames.addAll(codec.encode(new Outbound.AuthResult(true, USER, "Authentication successful"), session));
        } else if (request instanceof Inbound.Subscribe subscribe) {
            session.streams().addAll(subscribe.streams());
            frames.addAll(codec.encode(new Outbound.SubscriptionResult(subscribe, true, "Subscribed successfully"), session));
            if (!subscribe.resume().isEmpty()) {
                // A resuming subscribe: each stream recovered or not, and a resync for one that was not.
                List<Outbound.Resumed.Result> results = new ArrayList<>();
                subscribe.resume().forEach(position -> results.add(new Outbound.Resumed.Result(position.stream(), results.isEmpty())));
                frames.addAll(codec.encode(new Outbound.Resumed(subscribe, results), session));
                frames.addAll(codec.encode(new Outbound.Resync(subscribe.resume().get(0).stream(), 7, 40), session));
            }
        } else if (request instanceof Inbound.Unsubscribe unsubscribe) {
            frames.addAll(codec.encode(new Outbound.SubscriptionResult(unsubscribe, true, "Unsubscribed successfully"), session));
        } else if (request instanceof Inbound.Execute execute) {
            executes.add(execute);
        } else if (request instanceof Inbound.Ping) {
            frames.addAll(codec.encode(new Outbound.Pong(1_700_000_000_000L), session));
        }
        return frames;
    }

    /** Every canonical outbound message, for the requests the examples made and for the events of every stream kind. */
    private static List<Outbound> catalogue(List<Inbound.Execute> executes) {
        List<Outbound> all = new ArrayList<>();
        for (Inbound.Execute execute : executes) {
            all.add(Outbound.CommandResult.ok(execute, reply(execute.command())));
            all.add(Outbound.CommandResult.failed(execute, ErrorCode.INSUFFICIENT_FUNDS, "Insufficient funds: need 3600"));
            all.add(new Outbound.Failure(ErrorCode.UNAUTHENTICATED, "Not authenticated", execute.requestType()));
            all.add(new Outbound.Failure(ErrorCode.RATE_LIMITED, "Too many requests", execute.requestType()));
        }
        for (ErrorCode code : ErrorCode.values()) {
            all.add(new Outbound.Failure(code, code.defaultMessage(), null));
        }
        long seq = 0;
        for (boolean snapshot : new boolean[] {true, false}) {
            for (Map.Entry<String, Event> push : events()) {
                all.add(new Outbound.Delivery(new Push(push.getKey(), 7, ++seq, push.getValue()), snapshot));
            }
        }
        return all;
    }

    private static Object reply(Command command) {
        if (command instanceof SubmitOrder || command instanceof CancelOrder || command instanceof AmendOrder
                || command instanceof QueryOrder) {
            return order("O1", OrderSource.API, OrderStatus.SUBMITTED);
        } else if (command instanceof QueryOrders) {
            return new OrderList(List.of(order("O1", OrderSource.API, OrderStatus.SUBMITTED), order("O2", OrderSource.MCP, OrderStatus.PARTIALLY_FILLED)));
        } else if (command instanceof QueryAccount) {
            return account();
        } else if (command instanceof QueryPositions) {
            return new PositionList(List.of(position()));
        } else if (command instanceof QueryBook query) {
            return book(query.instrument());
        }
        throw new AssertionError("no sample reply for " + command);
    }

    /** One event of each kind on its stream, for both test instruments where it is market data. */
    private static List<Map.Entry<String, Event>> events() {
        List<Map.Entry<String, Event>> events = new ArrayList<>();
        String orders = StreamKeys.userOrders(USER);
        events.add(Map.entry(orders, new OrderUpdated(order("O1", OrderSource.API, OrderStatus.SUBMITTED))));
        events.add(Map.entry(orders, new OrderUpdated(order("O2", OrderSource.MCP, OrderStatus.SUBMITTED))));
        events.add(Map.entry(orders, new OrderUpdated(order("O2", OrderSource.MCP, OrderStatus.CANCELLED))));
        events.add(Map.entry(orders, new OrderUpdated(order("O3", OrderSource.MCP, OrderStatus.FILLED))));
        events.add(Map.entry(StreamKeys.userTrades(USER), new TradeExecuted("T1", "O3", USER, "IX2301", Side.BUY, Offset.OPEN,
                new BigDecimal("120.5"), BigDecimal.ONE, true, new BigDecimal("0.5"), 1_700_000_000_000L)));
        events.add(Map.entry(StreamKeys.userAccount(USER), new AccountChanged(account())));
        events.add(Map.entry(StreamKeys.userPositions(USER), new PositionChanged(position())));
        MasterOrderView master = new MasterOrderView("M1", "client-1", USER, Algorithm.TWAP, "tradewire", "IX2301", "PERP", Side.BUY,
                new BigDecimal("10"), new BigDecimal("2"), new BigDecimal("120.5"), new BigDecimal("121"), 600, null, false,
                MasterOrderStatus.PROCESSING, null, 2, 1_700_000_000_000L, 1_700_000_060_000L);
        events.add(Map.entry(StreamKeys.userAlgo(USER), new MasterOrderUpdated(master)));
        events.add(Map.entry(StreamKeys.userAlgo(USER), new AlgoOrderUpdated("M1", "PERP", order("O4", OrderSource.ALGO, OrderStatus.FILLED),
                new BigDecimal("2"), new BigDecimal("120.5"), 1_700_000_000_400L)));
        events.add(Map.entry(StreamKeys.userAlgo(USER), new AlgoOrderUpdated("M1", "PERP", order("O5", OrderSource.ALGO, OrderStatus.CANCELLED),
                BigDecimal.ZERO, null, 0L)));
        for (String symbol : List.of("IX2301", "AAPL")) {
            events.add(Map.entry(StreamKeys.marketBook(symbol), book(symbol)));
            events.add(Map.entry(StreamKeys.marketTicker(symbol), new Tick("T9", symbol, new BigDecimal("120.5"), BigDecimal.ONE, Side.BUY,
                    1_700_000_000_000L)));
            events.add(Map.entry(StreamKeys.marketTrades(symbol), new Tick("T9", symbol, new BigDecimal("120.5"), BigDecimal.ONE, Side.SELL,
                    1_700_000_000_000L)));
            events.add(Map.entry(StreamKeys.marketBar(symbol, "1m"), new BarUpdated(symbol, "1m", 1_700_000_000_000L, 1_700_000_059_999L,
                    new BigDecimal("120"), new BigDecimal("121"), new BigDecimal("119.5"), new BigDecimal("120.5"), new BigDecimal("12"), 3,
                    1_700_000_030_000L)));
        }
        events.add(Map.entry(StreamKeys.regionSummary("US"), new MarketSummary("US", List.of(new SummaryItem("AAPL", "stock",
                new BigDecimal("190.5"), new BigDecimal("190"), new BigDecimal("0.5"), new BigDecimal("0.2632"), new BigDecimal("100"),
                new BigDecimal("191"), new BigDecimal("189"))), 1_700_000_000_000L)));
        return events;
    }

    private static OrderView order(String id, OrderSource source, OrderStatus status) {
        boolean done = status == OrderStatus.FILLED;
        return new OrderView(id, "c-" + id, USER, "IX2301", Side.BUY, Offset.OPEN, OrderType.LIMIT, TimeInForce.GTC,
                new BigDecimal("120.5"), new BigDecimal("2"), done ? new BigDecimal("2") : BigDecimal.ZERO,
                done ? BigDecimal.ZERO : new BigDecimal("2"), done ? new BigDecimal("120.5") : null, status, source,
                1_700_000_000_000L, 1_700_000_000_500L);
    }

    private static AccountView account() {
        return new AccountView(USER, "USD", new BigDecimal("1000000"), new BigDecimal("996400"), BigDecimal.ZERO,
                new BigDecimal("3600"), new BigDecimal("12.5"), new BigDecimal("10"), new BigDecimal("2.5"), new BigDecimal("0.5"),
                new BigDecimal("0.0036"), 1_700_000_000_000L);
    }

    private static PositionView position() {
        return new PositionView(USER, "IX2301", new BigDecimal("2"), new BigDecimal("120.5"), BigDecimal.ZERO, null,
                new BigDecimal("3600"), BigDecimal.ZERO, new BigDecimal("2.5"), new BigDecimal("121"), 1_700_000_000_000L);
    }

    private static BookChanged book(String symbol) {
        return new BookChanged(symbol, List.of(new BookLevel(new BigDecimal("120.4"), new BigDecimal("3"), 2)),
                List.of(new BookLevel(new BigDecimal("120.6"), new BigDecimal("1"), 1)), 1_700_000_000_000L);
    }

    // ---------------------------------------------------------------- frames and documents

    record Keyed(String key, JsonNode payload) {
    }

    /** A client frame for an example: its payload (for Socket.IO an EVENT or a CONNECT packet, with the ackId header). */
    private static String frame(FrameShape shape, JsonNode example) {
        JsonNode payload = example.get("payload");
        return switch (shape) {
            case TYPE_FIELD -> payload.isTextual() ? payload.textValue() : ClientJson.write(payload);
            case SOCKET_IO -> (payload.isArray() ? "2" : "0") + (example.path("headers").has("ackId")
                    ? example.path("headers").get("ackId").asText() : "") + ClientJson.write(payload);
        };
    }

    /** A server frame's message key and payload, or null. */
    static Keyed key(FrameShape shape, String frame) {
        try {
            if (shape == FrameShape.TYPE_FIELD) {
                if (PLAIN_WORD.matcher(frame).matches()) { // a bare text frame ("pong"): its own key, a JSON string payload
                    return new Keyed(frame, ClientJson.MAPPER.getNodeFactory().textNode(frame));
                }
                JsonNode node = ClientJson.MAPPER.readTree(frame);
                return node.path("type").isTextual() ? new Keyed(node.get("type").textValue(), node) : null;
            }
            Matcher packet = SOCKET_IO_PACKET.matcher(frame);
            if (!packet.matches()) {
                return null;
            }
            JsonNode data = packet.group(3).isEmpty() ? ClientJson.object() : ClientJson.MAPPER.readTree(packet.group(3));
            return switch (packet.group(1)) {
                case "0" -> new Keyed("CONNECT", data);
                case "1" -> new Keyed("DISCONNECT", data);
                case "2" -> data.isArray() && data.path(0).isTextual() ? new Keyed(data.get(0).textValue(), data) : null;
                case "3" -> new Keyed("ACK", data);
                case "4" -> new Keyed("CONNECT_ERROR", data);
                default -> null;
            };
        } catch (Exception e) {
            return null;
        }
    }

    static JsonNode document(String dialect) throws Exception {
        try (InputStream in = AsyncApiAgreementTest.class.getClassLoader().getResourceAsStream(ApiDocs.asyncApiResource(dialect))) {
            assertThat(in).as("document of %s", dialect).isNotNull();
            return YAML.readTree(in);
        }
    }

    /** The messages of the operations with this action, by name (the frame key). */
    static Map<String, JsonNode> messages(JsonNode doc, String action) {
        Map<String, JsonNode> messages = new LinkedHashMap<>();
        for (JsonNode operation : iterable(doc.path("operations").elements())) {
            if (!action.equals(operation.path("action").asText())) {
                continue;
            }
            for (JsonNode ref : operation.path("messages")) {
                JsonNode message = resolve(doc, resolve(doc, ref)); // channel message → components message
                messages.put(message.path("name").asText(), message);
            }
        }
        return messages;
    }

    private static JsonSchema schema(JsonNode doc, JsonNode message) {
        JsonNode payload = inline(doc, message.get("payload"), 0);
        List<String> unknown = new ArrayList<>();
        keywords(payload, message.path("name").asText(), unknown);
        assertThat(unknown).as("unknown schema keywords (a YAML slip, e.g. an unquoted comma in a flow mapping)").isEmpty();
        return SCHEMAS.getSchema(payload);
    }

    /** Schema keywords the documents use; anything else is a mistake that a validator would silently ignore. */
    private static final Set<String> KEYWORDS = Set.of("type", "required", "additionalProperties", "properties", "const", "enum",
            "description", "default", "items", "minItems", "maxItems", "minLength", "maxLength", "pattern", "allOf", "oneOf",
            "anyOf", "format", "minimum", "maximum", "exclusiveMinimum", "title", "examples", "additionalItems", "contentMediaType");

    private static void keywords(JsonNode schema, String where, List<String> unknown) {
        if (!schema.isObject()) {
            return;
        }
        schema.fieldNames().forEachRemaining(name -> {
            if (!KEYWORDS.contains(name)) {
                unknown.add(where + ": " + name);
            }
        });
        schema.path("properties").fields().forEachRemaining(p -> keywords(p.getValue(), where + "." + p.getKey(), unknown));
        for (String sub : List.of("items", "additionalProperties", "additionalItems")) {
            JsonNode child = schema.path(sub);
            if (child.isArray()) {
                child.forEach(item -> keywords(item, where + "[]", unknown));
            } else {
                keywords(child, where + "/" + sub, unknown);
            }
        }
        for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
            schema.path(combinator).forEach(part -> keywords(part, where + "/" + combinator, unknown));
        }
    }

    private static void validate(JsonSchema schema, JsonNode payload, String what, List<String> problems) {
        Set<ValidationMessage> errors = schema.validate(payload);
        if (!errors.isEmpty()) {
            problems.add(what + ": " + errors.stream().map(ValidationMessage::getMessage).sorted().toList());
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = doc.at(ref.asText().substring(1));
        assertThat(target.isMissingNode()).as("$ref %s", ref.asText()).isFalse();
        return target;
    }

    /** The schema with every local {@code $ref} replaced by its target. */
    private static JsonNode inline(JsonNode doc, JsonNode schema, int depth) {
        assertThat(depth).as("$ref depth").isLessThan(32);
        JsonNode resolved = resolve(doc, schema);
        if (resolved.isObject()) {
            ObjectNode copy = ((ObjectNode) resolved).deepCopy();
            Iterator<Map.Entry<String, JsonNode>> fields = resolved.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), inline(doc, field.getValue(), depth + 1));
            }
            return copy;
        }
        if (resolved.isArray()) {
            ArrayNode copy = ClientJson.MAPPER.createArrayNode();
            resolved.forEach(item -> copy.add(inline(doc, item, depth + 1)));
            return copy;
        }
        return resolved;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    private static Map<String, DialectCodec> codecs() {
        Map<String, DialectCodec> codecs = new LinkedHashMap<>();
        StreamSupport.stream(ServiceLoader.load(DialectCodec.class).spliterator(), false).forEach(codec -> codecs.put(codec.name(), codec));
        return codecs;
    }
}
