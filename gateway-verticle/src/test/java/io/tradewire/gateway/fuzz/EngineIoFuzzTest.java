package io.tradewire.gateway.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tradewire.gateway.socketio.SocketIoPacket;
import io.tradewire.gateway.socketio.engine.EnginePacket;
import io.tradewire.gateway.spi.DecodeException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz targets for the {@code socketio} dialect's two packet layers: an Engine.IO long-polling body
 * (packets separated by {@code \x1e}) and one Socket.IO packet. How to fuzz: see {@link ExchangeCodecFuzzTest}.
 */
class EngineIoFuzzTest {

    /**
     * A long-polling POST body (UTF-8): split into packets, which join back to the same body; every
     * MESSAGE packet ({@code 4…}) parses as a Socket.IO packet or is refused with a {@link DecodeException}.
     */
    @FuzzTest(maxDuration = "2m")
    void pollingBody(byte[] input) {
        String body = new String(input, StandardCharsets.UTF_8);
        List<String> packets = EnginePacket.decodePayload(body);
        if (!EnginePacket.encodePayload(packets).equals(body)) {
            throw new AssertionError("the packets of " + DecoderProperties.show(body) + " join to another body: " + packets);
        }
        for (String packet : packets) {
            if (!packet.isEmpty() && packet.charAt(0) == EnginePacket.MESSAGE) {
                parseOrRefuse(packet.substring(1));
            }
        }
    }

    /** One Socket.IO packet (UTF-8): parsed into a well-formed packet, or refused with a typed {@link DecodeException}. */
    @FuzzTest(maxDuration = "2m")
    void socketIoPacket(byte[] input) {
        parseOrRefuse(new String(input, StandardCharsets.UTF_8));
    }

    private static void parseOrRefuse(String text) {
        SocketIoPacket packet;
        try {
            packet = SocketIoPacket.parse(text);
        } catch (DecodeException refused) {
            if (refused.code() == null) {
                throw new AssertionError("a refusal without an error code for " + DecoderProperties.show(text));
            }
            return;
        }
        boolean wellFormed = packet.type() >= SocketIoPacket.CONNECT && packet.type() <= SocketIoPacket.ACK
                && packet.namespace() != null && packet.namespace().startsWith("/")
                && (packet.ackId() == null || packet.ackId() >= 0)
                && (packet.type() != SocketIoPacket.EVENT || packet.eventName() != null);
        if (!wellFormed) {
            throw new AssertionError(DecoderProperties.show(text) + " parsed to " + packet);
        }
    }
}
