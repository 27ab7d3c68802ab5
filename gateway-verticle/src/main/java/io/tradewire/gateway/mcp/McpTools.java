package io.tradewire.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.core.JsonGenerator;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.model.Offset;
import io.tradewire.model.OrderSource;
import io.tradewire.model.OrderType;
import io.tradewire.model.Side;
import io.tradewire.model.TimeInForce;
import io.tradewire.model.command.CancelOrder;
import io.tradewire.model.command.Command;
import io.tradewire.model.command.QueryAccount;
import io.tradewire.model.command.QueryBook;
import io.tradewire.model.command.QueryOrder;
import io.tradewire.model.command.QueryOrders;
import io.tradewire.model.command.QueryPositions;
import io.tradewire.model.command.SubmitOrder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The MCP tools: their descriptions and JSON input schemas ({@code mcp/tools.json}, listed by {@code tools/list} as they
 * are), the validation of a call's arguments against that very schema, the command each call becomes (always on behalf
 * of the caller: no tool takes a user id), and the rendering of the venue's reply as structured content. Plain Java.
 */
public final class McpTools {
    static final String RESOURCE = "/mcp/tools.json";
    /** Replies as JSON: records with snake_case names, decimals written plainly. */
    private static final ObjectMapper REPLIES = ClientJson.MAPPER.copy()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** What a tool call becomes: a command for the caller, or a refusal of its arguments. */
    @FunctionalInterface
    interface CommandBuilder {
        Command build(String user, ObjectNode arguments) throws InvalidArguments;
    }

    /** Arguments the schema accepts but the tool cannot (a LIMIT order without a price, ...). */
    static final class InvalidArguments extends Exception {
        InvalidArguments(String message) {
            super(message, null, false, false);
        }
    }

    /** One tool: its definition as listed, its compiled input schema, and its command. */
    record Tool(String name, ObjectNode definition, JsonSchema input, CommandBuilder builder, boolean orderEntry) {
    }

    private static final Map<String, CommandBuilder> BUILDERS = Map.of(
            "place_order", McpTools::placeOrder,
            "cancel_order", (user, args) -> new CancelOrder(user, args.get("order_id").textValue()),
            "get_orders", (user, args) -> args.hasNonNull("order_id")
                    ? new QueryOrder(user, args.get("order_id").textValue()) : new QueryOrders(user),
            "get_account", (user, args) -> new QueryAccount(user),
            "get_positions", (user, args) -> new QueryPositions(user, text(args, "instrument").orElse(null)),
            "get_book", (user, args) -> new QueryBook(args.get("instrument").textValue()));
    private static final Set<String> ORDER_ENTRY = Set.of("place_order", "cancel_order");

    private final Map<String, Tool> tools;
    private final ObjectNode listResult;

    private McpTools(Map<String, Tool> tools, ObjectNode listResult) {
        this.tools = tools;
        this.listResult = listResult;
    }

    /** The tools of {@code mcp/tools.json}; fails when a definition has no command or a command no definition. */
    public static McpTools load() {
        ArrayNode definitions;
        try (InputStream in = McpTools.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            definitions = (ArrayNode) ClientJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        Map<String, Tool> tools = new LinkedHashMap<>();
        for (JsonNode node : definitions) {
            ObjectNode definition = (ObjectNode) node;
            String name = definition.get("name").textValue();
            CommandBuilder builder = BUILDERS.get(name);
            if (builder == null) {
                throw new IllegalStateException("tool " + name + " in " + RESOURCE + " has no command");
            }
            tools.put(name, new Tool(name, definition, schemas.getSchema(definition.get("inputSchema")), builder,
                    ORDER_ENTRY.contains(name)));
        }
        if (!tools.keySet().equals(BUILDERS.keySet())) {
            throw new IllegalStateException("tools without a definition in " + RESOURCE + ": "
                    + BUILDERS.keySet().stream().filter(name -> !tools.containsKey(name)).toList());
        }
        ObjectNode list = ClientJson.object();
        ArrayNode array = list.putArray("tools");
        tools.values().forEach(tool -> array.add(tool.definition()));
        return new McpTools(Map.copyOf(tools), list);
    }

    /** The result of {@code tools/list}: every tool, no further page. */
    ObjectNode listResult() {
        return listResult.deepCopy();
    }

    Optional<Tool> find(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /**
     * The command of a call, for {@code user}.
     *
     * @param arguments the call's {@code arguments}, null when absent (an empty object then)
     * @throws InvalidArguments with every schema violation, or the tool's own refusal
     */
    static Command command(Tool tool, String user, JsonNode arguments) throws InvalidArguments {
        JsonNode args = arguments == null || arguments.isNull() ? ClientJson.object() : arguments;
        Set<ValidationMessage> violations = tool.input().validate(args);
        if (!violations.isEmpty()) {
            List<String> messages = new ArrayList<>();
            violations.forEach(violation -> messages.add(violation.getMessage()));
            messages.sort(null);
            throw new InvalidArguments("Invalid arguments for " + tool.name() + ": " + String.join("; ", messages));
        }
        return tool.builder().build(user, (ObjectNode) args);
    }

    private static SubmitOrder placeOrder(String user, ObjectNode args) throws InvalidArguments {
        OrderType type = OrderType.valueOf(text(args, "order_type").orElse(OrderType.LIMIT.name()));
        BigDecimal quantity = positive(args, "quantity");
        BigDecimal price = args.hasNonNull("price") ? positive(args, "price") : null;
        if (type == OrderType.LIMIT && price == null) {
            throw new InvalidArguments("Invalid arguments for place_order: a LIMIT order needs a price");
        }
        if (type == OrderType.MARKET && price != null) {
            throw new InvalidArguments("Invalid arguments for place_order: a MARKET order takes no price");
        }
        return new SubmitOrder(user,
                text(args, "client_order_id").orElse(null),
                args.get("instrument").textValue(),
                Side.valueOf(args.get("side").textValue()),
                Offset.valueOf(text(args, "offset").orElse(Offset.OPEN.name())),
                type,
                text(args, "time_in_force").map(TimeInForce::valueOf).orElse(null),
                price,
                quantity,
                OrderSource.MCP,
                args.hasNonNull("post_only") && args.get("post_only").booleanValue());
    }

    /** A decimal the schema allowed (a JSON number, or a string of digits): it must also be above zero. */
    private static BigDecimal positive(ObjectNode args, String field) throws InvalidArguments {
        JsonNode node = args.get(field);
        BigDecimal value = node.isNumber() ? node.decimalValue() : new BigDecimal(node.textValue());
        if (value.signum() <= 0 || value.scale() > ClientJson.MAX_DECIMAL_DIGITS
                || value.precision() - value.scale() > ClientJson.MAX_DECIMAL_DIGITS) {
            throw new InvalidArguments("Invalid arguments for place_order: " + field + " must be a positive decimal of at most "
                    + ClientJson.MAX_DECIMAL_DIGITS + " digits before and after the point");
        }
        return value;
    }

    private static Optional<String> text(ObjectNode args, String field) {
        return Optional.ofNullable(args.get(field)).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    /** A venue reply (an order, a list, an account, a book ...) as the structured content of a tool result. */
    static ObjectNode structured(Object reply) {
        JsonNode tree = REPLIES.valueToTree(reply);
        if (tree instanceof ObjectNode object) {
            return object;
        }
        ObjectNode wrapped = ClientJson.object();
        wrapped.set("result", tree);
        return wrapped;
    }
}
