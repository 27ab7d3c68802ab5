package io.tradewire.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.TestSession;
import io.tradewire.gateway.topics.TopicsCodec;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the {@code topics} dialect. Besides the common properties: whatever the frame and
 * whoever the session, it never yields a private stream. How to fuzz: see {@link ExchangeCodecFuzzTest}.
 */
class TopicsCodecFuzzTest {
    private static final TopicsCodec CODEC = DecoderProperties.configured(new TopicsCodec());

    /** One text frame (UTF-8), decoded by a Chinese anonymous session and by an English one with a principal. */
    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        String frame = new String(input, StandardCharsets.UTF_8);
        for (TestSession session : new TestSession[] {
            TestSession.anonymous().withQuery("client_id", "fuzz"),
            TestSession.of("u1").withQuery("client_id", "u1").withQuery("lang", "en")}) {
            Inbound request = DecoderProperties.decodeOrRefuse(CODEC, frame, session);
            if (request != null) {
                DecoderProperties.onlyPublicStreams(request, frame);
            }
        }
    }
}
