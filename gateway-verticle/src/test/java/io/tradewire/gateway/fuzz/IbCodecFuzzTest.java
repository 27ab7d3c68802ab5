package io.tradewire.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.gateway.ib.IbCodec;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.TestSession;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Fuzz targets for the {@code ib} dialect: its frames and its connect-time token handling. How to fuzz: see {@link ExchangeCodecFuzzTest}. */
class IbCodecFuzzTest {
    private static final IbCodec CODEC = DecoderProperties.configured(new IbCodec());

    /** One text frame (UTF-8), decoded by an anonymous session and by an authenticated English one. */
    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        String frame = new String(input, StandardCharsets.UTF_8);
        DecoderProperties.decodeOrRefuse(CODEC, frame, TestSession.anonymous());
        DecoderProperties.decodeOrRefuse(CODEC, frame, TestSession.of("u1").withQuery("client_id", "c1").withQuery("lang", "en"));
    }

    /**
     * The connecting request: the input's first line is the {@code Authorization} header, the second the
     * {@code token} query parameter, the third {@code client_id}, the fourth {@code lang}. Opening never
     * throws and implies at most one {@link Inbound.Authenticate}, carrying a token the client sent.
     */
    @FuzzTest(maxDuration = "2m")
    void connect(byte[] input) {
        String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", 4);
        TestSession session = TestSession.anonymous();
        String[] names = {"authorization", "token", "client_id", "lang"};
        for (int i = 0; i < lines.length; i++) {
            if (i == 0) {
                session.withHeader(names[i], lines[i]);
            } else {
                session.withQuery(names[i], lines[i]);
            }
        }
        List<Inbound> implied = CODEC.onOpen(session);
        if (implied.size() > 1 || implied.stream().anyMatch(r -> !(r instanceof Inbound.Authenticate auth)
                || auth.token() == null || !String.join("\n", lines).contains(auth.token()))) {
            throw new AssertionError("onOpen of " + DecoderProperties.show(String.join("\\n", lines)) + " implied " + implied);
        }
        // The connection is usable afterwards: a ping decodes.
        if (!(DecoderProperties.decodeOrRefuse(CODEC, "{\"type\":\"ping\"}", session) instanceof Inbound.Ping)) {
            throw new AssertionError("ping no longer decodes after onOpen of " + DecoderProperties.show(String.join("\\n", lines)));
        }
    }
}
