package io.tradewire.gateway.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.FlatJson;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.TestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Order entry read from a flat message without a tree ({@link FlatJson}) decodes exactly as it does from the tree: over
 * seeded random frames — well-formed orders, wrong types, missing and empty fields, numbers as text, numbers no decimal
 * holds, duplicate keys, nested values, trailing tokens, non-objects — the same request, or the same refusal (code,
 * message, request type).
 */
class ExchangeDecodingEquivalenceTest {
    private static final long SEED = 0x0DEC_0DE5L;
    private static final int FRAMES = 20_000;

    private static final String[] TYPES = {"\"submit_order\"", "\"cancel_order\"", "\"amend_order\"", "\"ping\"", "\"auth\"",
        "\"query_order\"", "\"query_account\"", "\"bogus\"", "\"\"", "5", "null", "true", "{\"x\":1}", "[\"submit_order\"]"};
    private static final String[] TEXTS = {"\"IX2301\"", "\"\"", "\"O17251234567890000001\"", "7", "null", "true", "\"BUY\"",
        "\"sell\"", "\"Open\"", "\"CLOSE\"", "\"LIMIT\"", "\"market\"", "\"GTC\"", "\"ioc\"", "\"bad\"", "\"é日本\\u0000\"",
        "\"" + "c".repeat(65) + "\"", "\"c-7\"", "1.5"};
    private static final String[] NUMBERS = {"10", "\"10\"", "1e3", "\"1e3\"", "0", "-1", "\"abc\"", "1e99999999999999",
        "\"1e99999999999999\"", "1.50", "\"  2.5 \"", "true", "null", "\"" + "9".repeat(70) + "\"", "1e-30", "120.0",
        "0.000000000000000000001", "12345678901234567890", "-0.0", "1E+2", "\"\"", "99999999999999999999.5"};
    private static final String[] FLAGS = {"true", "false", "\"TRUE\"", "\"False\"", "\"yes\"", "1", "null", "{}"};
    private static final String[][] FIELDS = {
        {"instrument_id", "T"}, {"direction", "T"}, {"offset", "T"}, {"order_type", "T"}, {"time_in_force", "T"},
        {"volume", "N"}, {"price", "N"}, {"client_order_id", "T"}, {"post_only", "F"}, {"order_id", "T"}, {"token", "T"},
        {"user_id", "T"}, {"extra", "T"}};

    private final ExchangeCodec codec = new ExchangeCodec();

    @Test
    @DisplayName("Flat order entry decodes to the same request or the same refusal as through the JSON tree")
    void sameOutcomeAsTheTree() {
        Random random = new Random(SEED);
        TestSession anonymous = TestSession.anonymous();
        TestSession user = TestSession.of("u1");
        int flat = 0;
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < FRAMES; i++) {
            String frame = frame(random);
            TestSession session = random.nextInt(5) == 0 ? anonymous : user;
            Outcome direct = outcome(() -> codec.decode(frame, session));
            Outcome tree = outcome(() -> codec.decodeTree(frame, session));
            assertThat(direct).as(frame).isEqualTo(tree);
            if (FlatJson.parse(frame) != null && frame.matches("(?s).*\"type\":\"(submit|cancel|amend)_order\".*")) {
                flat++;
                if (direct.request instanceof Inbound.Execute) {
                    accepted++;
                } else {
                    refused++;
                }
            }
        }
        // Positive controls: many frames took the flat path, and it both accepted and refused some of them.
        assertThat(flat).isGreaterThan(FRAMES / 10);
        assertThat(accepted).isGreaterThan(100);
        assertThat(refused).isGreaterThan(100);
    }

    @Test
    @DisplayName("Frames that are not one flat object are left to the tree")
    void onlyFlatObjectsAreReadFlat() {
        assertThat(FlatJson.parse("{\"type\":\"submit_order\",\"volume\":1}")).isNotNull();
        assertThat(FlatJson.parse("{}")).isNotNull();
        for (String frame : List.of("", " ", "[]", "\"x\"", "1", "null", "{\"a\":{}}", "{\"a\":[1]}", "{\"a\":1,\"a\":2}",
                "{\"a\":1} x", "{\"a\":1}{}", "{\"a\":1", "{'a':1}", "{\"a\":1e99999999999999}", "{\"a\":01}",
                "{\"a\":\"" + "x".repeat(20_000) + "\"}")) {
            assertThat(FlatJson.parse(frame)).as(frame).isNull();
        }
    }

    private static String frame(Random random) {
        List<String> members = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            members.add("\"type\":" + pick(random, TYPES));
        }
        for (String[] field : FIELDS) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            String value = switch (field[1]) {
                case "N" -> random.nextInt(4) == 0 ? pick(random, TEXTS) : pick(random, NUMBERS);
                case "F" -> pick(random, FLAGS);
                default -> random.nextInt(6) == 0 ? pick(random, NUMBERS) : pick(random, TEXTS);
            };
            members.add("\"" + field[0] + "\":" + value);
        }
        if (random.nextInt(20) == 0) {
            members.add("\"nested\":" + (random.nextBoolean() ? "[1]" : "{\"volume\":1}")); // not flat: read from the tree
        }
        java.util.Collections.shuffle(members, random);
        if (random.nextInt(20) == 0 && !members.isEmpty()) {
            members.add(members.get(random.nextInt(members.size()))); // a duplicate key
        }
        String frame = "{" + String.join(random.nextBoolean() ? "," : " , ", members) + "}";
        return switch (random.nextInt(40)) {
            case 0 -> frame + " x";
            case 1 -> frame + "{}";
            case 2 -> "[" + frame + "]";
            case 3 -> frame.substring(0, random.nextInt(frame.length()));
            case 4 -> " \n" + frame + "\t ";
            default -> frame;
        };
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private interface Decode {
        Inbound run() throws DecodeException;
    }

    /** A request, or a refusal by its code, message and request type. */
    private record Outcome(Inbound request, String refusal) {
    }

    private static Outcome outcome(Decode decode) {
        try {
            return new Outcome(Objects.requireNonNull(decode.run()), null);
        } catch (DecodeException e) {
            return new Outcome(null, e.code() + " | " + e.getMessage() + " | " + e.requestType() + " | " + e.detail());
        }
    }
}
