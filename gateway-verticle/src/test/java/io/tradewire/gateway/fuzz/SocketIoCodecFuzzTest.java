package io.tradewire.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.gateway.socketio.SocketIoCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.TestSession;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target for the {@code socketio} dialect's decoder: one Socket.IO packet (the text after the
 * Engine.IO {@code 4}), as a session before its CONNECT and as one whose CONNECT was accepted. How to
 * fuzz: see {@link ExchangeCodecFuzzTest}.
 */
class SocketIoCodecFuzzTest {
    private static final SocketIoCodec CODEC = DecoderProperties.configured(new SocketIoCodec());

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        String packet = new String(input, StandardCharsets.UTF_8);
        DecoderProperties.decodeOrRefuse(CODEC, packet, TestSession.anonymous());
        TestSession connected = TestSession.of("u1");
        CODEC.encode(new Outbound.AuthResult(true, "u1", "Authentication successful"), connected);
        DecoderProperties.decodeOrRefuse(CODEC, packet, connected);
    }
}
