package io.tradewire.gateway.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.event.StreamPosition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON for untrusted client frames: tight read limits (nesting, string and number length), exact
 * decimals, duplicate keys refused, and typed field readers that fail with a {@link DecodeException}
 * naming the field. Also the writer for outbound frames (decimals written plain, never {@code 1E+6}).
 */
public final class ClientJson {
    /** JSON nesting deeper than this is malformed. Fixed (not configurable): no client message of any dialect nests past 4. */
    public static final int MAX_NESTING_DEPTH = 16;
    public static final int MAX_STRING_LENGTH = 16 * 1024;
    public static final int MAX_NUMBER_LENGTH = 64;
    /** Digits allowed before and after the decimal point of a client decimal. */
    public static final int MAX_DECIMAL_DIGITS = 18;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            // keep 120.0 as 120.0: the default tree factory would normalize it to 1.2E+2
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private ClientJson() {
    }

    /**
     * Parses untrusted JSON into a tree. Use this rather than {@code MAPPER.readTree}: some inputs the limits let
     * through fail with a runtime exception instead of a {@link JsonProcessingException} (a number such as
     * {@code 1e99999999999999}, whose exponent no {@link BigDecimal} can hold); here every failure is a
     * {@link JsonProcessingException}.
     *
     * @return the tree, or null for an empty input
     */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new JsonParseException(null, "Unreadable JSON value (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Parses a frame that must be one JSON object. */
    public static ObjectNode parseObject(String frame) throws DecodeException {
        JsonNode node;
        try {
            node = readTree(frame);
        } catch (JsonProcessingException e) {
            throw new DecodeException(ErrorCode.MALFORMED, "Invalid JSON", null);
        }
        if (node == null || !node.isObject()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Message must be a JSON object", null);
        }
        return (ObjectNode) node;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write frame", e);
        }
    }

    /** A required text field. */
    public static String text(ObjectNode message, String field, String requestType) throws DecodeException {
        String value = optionalText(message, field, requestType);
        if (value == null || value.isEmpty()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: " + field, requestType);
        }
        return value;
    }

    /** An optional text field: null when absent or null; a non-text value is an error. */
    public static String optionalText(ObjectNode message, String field, String requestType) throws DecodeException {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be a string", requestType);
        }
        return node.textValue();
    }

    /** A required decimal given as a JSON number or a numeric string. */
    public static BigDecimal decimal(ObjectNode message, String field, String requestType) throws DecodeException {
        BigDecimal value = optionalDecimal(message, field, requestType);
        if (value == null) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: " + field, requestType);
        }
        return value;
    }

    public static BigDecimal optionalDecimal(ObjectNode message, String field, String requestType) throws DecodeException {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        BigDecimal value = null;
        if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            value = decimalText(node.textValue());
        }
        return checkedDecimal(value, field, requestType);
    }

    /** A decimal given as a string: its value, or null when it is no number (or longer than a number may be). */
    static BigDecimal decimalText(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A decimal field's value (null: the field held no number), refused when out of range. */
    static BigDecimal checkedDecimal(BigDecimal value, String field, String requestType) throws DecodeException {
        if (value == null) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be a number", requestType);
        }
        // 1e999999999 is a short number with an enormous magnitude: refuse it before any arithmetic.
        if (value.scale() > MAX_DECIMAL_DIGITS || value.precision() - value.scale() > MAX_DECIMAL_DIGITS) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " is out of range", requestType);
        }
        return value;
    }

    /** An optional flag: a JSON boolean, or the text {@code true} / {@code false} in any letter case; absent = false. */
    public static boolean optionalFlag(ObjectNode message, String field, String requestType) throws DecodeException {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return flagText(node.isTextual() ? node.textValue() : null, field, requestType);
    }

    /** A flag given as a string ({@code true} / {@code false} in any letter case); anything else (or null) is an error. */
    static boolean flagText(String text, String field, String requestType) throws DecodeException {
        if (text != null && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return text.equalsIgnoreCase("true");
        }
        throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be true or false", requestType);
    }

    /** The fields of a parsed message, for readers written once for trees and flat messages alike. */
    public static ClientFields fields(ObjectNode message) {
        return new ClientFields() {
            @Override
            public String optionalText(String field, String requestType) throws DecodeException {
                return ClientJson.optionalText(message, field, requestType);
            }

            @Override
            public BigDecimal optionalDecimal(String field, String requestType) throws DecodeException {
                return ClientJson.optionalDecimal(message, field, requestType);
            }

            @Override
            public boolean optionalFlag(String field, String requestType) throws DecodeException {
                return ClientJson.optionalFlag(message, field, requestType);
            }
        };
    }

    /** A required array of strings (an absent array is an error; an empty one is allowed). */
    public static List<String> textList(ObjectNode message, String field, String requestType) throws DecodeException {
        JsonNode node = message.get(field);
        if (node == null || node.isNull()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Missing field: " + field, requestType);
        }
        if (!node.isArray()) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be an array of strings", requestType);
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : (ArrayNode) node) {
            if (!item.isTextual()) {
                throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be an array of strings", requestType);
            }
            result.add(item.textValue());
        }
        return result;
    }

    /**
     * An optional array of stream positions {@code [{"stream","epoch","seq"}]} (epoch and seq whole numbers ≥ 0), at
     * most {@code max}, each stream once (the first wins); empty when absent. Whether each stream may be resumed is
     * the dialect's to check.
     */
    public static List<StreamPosition> positions(ObjectNode message, String field, String requestType, int max) throws DecodeException {
        JsonNode list = message.get(field);
        if (list == null || list.isNull()) {
            return List.of();
        }
        String shape = field + " must list 1 to " + max + " objects {\"stream\",\"epoch\",\"seq\"}";
        if (!list.isArray() || list.isEmpty() || list.size() > max) {
            throw new DecodeException(ErrorCode.MALFORMED, shape, requestType);
        }
        List<StreamPosition> positions = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (JsonNode item : list) {
            if (!item.isObject()) {
                throw new DecodeException(ErrorCode.MALFORMED, shape, requestType);
            }
            StreamPosition position = position((ObjectNode) item, text((ObjectNode) item, "stream", requestType), requestType);
            if (seen.add(position.stream())) {
                positions.add(position);
            }
        }
        return positions;
    }

    /** {@code epoch} and {@code seq} of an object, as the position of {@code stream}. */
    public static StreamPosition position(ObjectNode object, String stream, String requestType) throws DecodeException {
        return new StreamPosition(stream, count(object, "epoch", requestType), count(object, "seq", requestType));
    }

    private static long count(ObjectNode object, String field, String requestType) throws DecodeException {
        JsonNode node = object.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be a whole number ≥ 0", requestType);
        }
        return node.longValue();
    }
}
