package io.tradewire.gateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradewire.gateway.socketio.engine.EnginePacket;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EnginePacketTest {

    @Test
    @DisplayName("A long-polling body splits on \\x1e into its packets and joins back to the same body")
    void payloadSplitting() {
        String body = "40{\"token\":\"T\"}\u001e3\u001e42[\"subscribe_trading\",{\"types\":[\"balance\"]}]";
        List<String> packets = EnginePacket.decodePayload(body);
        assertThat(packets).containsExactly("40{\"token\":\"T\"}", "3", "42[\"subscribe_trading\",{\"types\":[\"balance\"]}]");
        assertThat(EnginePacket.encodePayload(packets)).isEqualTo(body);
    }

    @Test
    @DisplayName("One packet, an empty body and empty packets between separators")
    void edgeCases() {
        assertThat(EnginePacket.decodePayload("2")).containsExactly("2");
        assertThat(EnginePacket.decodePayload("")).isEmpty();
        assertThat(EnginePacket.decodePayload("4a\u001e\u001e4b")).containsExactly("4a", "", "4b");
        assertThat(EnginePacket.encodePayload(List.of("6"))).isEqualTo("6");
    }

    @Test
    @DisplayName("A separator inside JSON text cannot occur unescaped, so splitting never cuts a packet")
    void separatorIsEscapedInJson() throws Exception {
        String json = io.tradewire.gateway.spi.ClientJson.write(
                io.tradewire.gateway.spi.ClientJson.MAPPER.getNodeFactory().textNode("a\u001eb"));
        assertThat(json).doesNotContain("\u001e");
    }
}
