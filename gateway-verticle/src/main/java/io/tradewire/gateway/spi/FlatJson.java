package io.tradewire.gateway.spi;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonToken;
import io.tradewire.model.ErrorCode;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A client frame that is one flat JSON object — every value a string, a number, a boolean or null — read with the
 * streaming parser, without a tree: the cheap path for hot commands such as an order. {@link #parse} answers null for
 * anything else (not an object, a nested object or array, malformed JSON, a duplicate key, a number no
 * {@link BigDecimal} holds, trailing tokens, more than {@value #MAX_FIELDS} fields): the caller then parses the tree
 * ({@link ClientJson#parseObject}), which refuses what is wrong the usual way. So both paths read the same frames
 * alike, under the same limits ({@link ClientJson#MAPPER}'s), and a malformed frame is always judged by the tree path.
 */
public final class FlatJson implements ClientFields {
    /** Fields read this way at most; a larger message takes the tree path. */
    static final int MAX_FIELDS = 32;
    /**
     * {@link ClientJson#MAPPER}'s parser settings and limits, except that duplicate keys are found here (a flat message
     * has few fields: comparing names beats the parser's hash set, made afresh for every message).
     */
    private static final JsonFactory FACTORY = ClientJson.MAPPER.getFactory().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private enum Kind { TEXT, NUMBER, BOOLEAN, NULL }

    private String[] names = new String[8];
    private Kind[] kinds = new Kind[8];
    private String[] texts = new String[8];
    private BigDecimal[] numbers = new BigDecimal[8];
    private boolean[] flags = new boolean[8];
    private int size;

    private FlatJson() {
    }

    /** The frame as a flat object, or null when it is anything else (see the class comment). */
    public static FlatJson parse(String frame) {
        try (JsonParser parser = FACTORY.createParser(frame)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            FlatJson message = new FlatJson();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (message.size == MAX_FIELDS || message.indexOf(name) >= 0) {
                    return null; // too many fields, or a duplicate key (refused by the tree path)
                }
                switch (parser.nextToken()) {
                    case VALUE_STRING -> message.add(name, Kind.TEXT, parser.getText(), null, false);
                    // Every number is read now, as the tree would: one no BigDecimal holds makes the frame unreadable.
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> message.add(name, Kind.NUMBER, null, parser.getDecimalValue(), false);
                    case VALUE_TRUE -> message.add(name, Kind.BOOLEAN, null, null, true);
                    case VALUE_FALSE -> message.add(name, Kind.BOOLEAN, null, null, false);
                    case VALUE_NULL -> message.add(name, Kind.NULL, null, null, false);
                    default -> {
                        return null; // a nested object or array
                    }
                }
            }
            if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return message;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // malformed, or a value the limits refuse: the tree path says what
        }
    }

    private void add(String name, Kind kind, String text, BigDecimal number, boolean flag) {
        if (size == names.length) {
            int capacity = size * 2;
            names = Arrays.copyOf(names, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            texts = Arrays.copyOf(texts, capacity);
            numbers = Arrays.copyOf(numbers, capacity);
            flags = Arrays.copyOf(flags, capacity);
        }
        names[size] = name;
        kinds[size] = kind;
        texts[size] = text;
        numbers[size] = number;
        flags[size] = flag;
        size++;
    }

    /** The index of a field, -1 when absent. */
    private int indexOf(String field) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(field)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String optionalText(String field, String requestType) throws DecodeException {
        int i = indexOf(field);
        if (i < 0 || kinds[i] == Kind.NULL) {
            return null;
        }
        if (kinds[i] != Kind.TEXT) {
            throw new DecodeException(ErrorCode.MALFORMED, "Field " + field + " must be a string", requestType);
        }
        return texts[i];
    }

    @Override
    public BigDecimal optionalDecimal(String field, String requestType) throws DecodeException {
        int i = indexOf(field);
        if (i < 0 || kinds[i] == Kind.NULL) {
            return null;
        }
        BigDecimal value = switch (kinds[i]) {
            case NUMBER -> numbers[i];
            case TEXT -> ClientJson.decimalText(texts[i]);
            default -> null;
        };
        return ClientJson.checkedDecimal(value, field, requestType);
    }

    @Override
    public boolean optionalFlag(String field, String requestType) throws DecodeException {
        int i = indexOf(field);
        if (i < 0 || kinds[i] == Kind.NULL) {
            return false;
        }
        if (kinds[i] == Kind.BOOLEAN) {
            return flags[i];
        }
        return ClientJson.flagText(kinds[i] == Kind.TEXT ? texts[i] : null, field, requestType);
    }
}
