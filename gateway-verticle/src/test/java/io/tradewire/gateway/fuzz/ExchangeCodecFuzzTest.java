package io.tradewire.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.gateway.exchange.ExchangeCodec;
import io.tradewire.gateway.spi.TestSession;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the {@code exchange} dialect's decoder (issue 9). Every {@code @FuzzTest} in this
 * package works the same way:
 *
 * <ul>
 *   <li><b>Regression mode</b> (every {@code mvn test} / {@code mvn verify}): Jazzer runs the method once
 *   per committed input under {@code src/test/resources/io/tradewire/gateway/fuzz/<Class>Inputs/<method>/}
 *   (plus an empty input), like a parameterized test: a few seconds for all targets, most of it Jazzer's
 *   start-up.</li>
 *   <li><b>Fuzzing mode</b>: with {@code JAZZER_FUZZ=1} Jazzer instruments the gateway classes and
 *   mutates the inputs, coverage-guided, for {@code JAZZER_MAX_DURATION} (default: the annotation's
 *   {@code maxDuration}). One fuzz test per run:
 *   <pre>
 *   # from the repository root
 *   mvn -B -q install -DskipTests
 *   JAZZER_FUZZ=1 JAZZER_MAX_DURATION=10m mvn -B -pl gateway-verticle test \
 *       -Dtest='ExchangeCodecFuzzTest#decode' -Dsurefire.failIfNoSpecifiedTests=false
 *   </pre>
 *   The other targets: {@code IbCodecFuzzTest#decode}, {@code IbCodecFuzzTest#connect},
 *   {@code TopicsCodecFuzzTest#decode}, {@code SocketIoCodecFuzzTest#decode},
 *   {@code EngineIoFuzzTest#pollingBody}, {@code EngineIoFuzzTest#socketIoPacket}. Jazzer keeps what it
 *   learnt in {@code gateway-verticle/.cifuzz-corpus/<Class>/<method>/} (not committed); a finding is
 *   written as {@code crash-<sha1>} into the inputs directory above, where it stays as a regression
 *   test once committed (after the fix; the {@code crash-exponent-*} inputs are such findings: numbers
 *   whose exponent no {@code BigDecimal} holds escaped as a {@code NumberFormatException}). Inputs worth
 *   keeping may be copied there too. {@code JAZZER_KEEP_GOING=N} reports up to N distinct findings
 *   in one run instead of stopping at the first.</li>
 * </ul>
 *
 * <p>Not covered here yet: the signed-REST request parser and the journal record decoder named in
 * issue 9 do not exist in the gateway (the journal belongs to the matching module); they get targets of
 * their own when they land.
 */
class ExchangeCodecFuzzTest {
    private static final ExchangeCodec CODEC = DecoderProperties.configured(new ExchangeCodec());

    /**
     * One text frame, as UTF-8 bytes (a committed input is the frame itself), decoded by an anonymous
     * session and by an authenticated one that connected with {@code ?user_id=} naming itself.
     */
    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        String frame = new String(input, StandardCharsets.UTF_8);
        DecoderProperties.decodeOrRefuse(CODEC, frame, TestSession.anonymous());
        DecoderProperties.decodeOrRefuse(CODEC, frame, TestSession.of("u1").withQuery("user_id", "u1"));
    }
}
