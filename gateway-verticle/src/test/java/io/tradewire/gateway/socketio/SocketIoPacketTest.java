package io.tradewire.gateway.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.model.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SocketIoPacketTest {

    @Test
    @DisplayName("Golden packets parse to their parts and encode back to the same text")
    void goldenRoundTrip() throws DecodeException {
        record Golden(String text, int type, String namespace, Long ackId, String data) {
        }
        List<Golden> goldens = List.of(
                new Golden("0", 0, "/", null, null),
                new Golden("0{\"token\":\"T\"}", 0, "/", null, "{\"token\":\"T\"}"),
                new Golden("0/admin,{\"token\":\"T\"}", 0, "/admin", null, "{\"token\":\"T\"}"),
                new Golden("1", 1, "/", null, null),
                new Golden("2[\"subscribe_trading\",{\"types\":[\"balance\"]}]", 2, "/", null,
                        "[\"subscribe_trading\",{\"types\":[\"balance\"]}]"),
                new Golden("20[\"subscribe_trading\"]", 2, "/", 0L, "[\"subscribe_trading\"]"),
                new Golden("212[\"x\",1,2.50,null]", 2, "/", 12L, "[\"x\",1,2.50,null]"),
                new Golden("2/chat,3[\"x\"]", 2, "/chat", 3L, "[\"x\"]"),
                new Golden("31[{\"ok\":true}]", 3, "/", 1L, "[{\"ok\":true}]"));
        for (Golden golden : goldens) {
            SocketIoPacket packet = SocketIoPacket.parse(golden.text());
            assertThat(packet.type()).as(golden.text()).isEqualTo(golden.type());
            assertThat(packet.namespace()).as(golden.text()).isEqualTo(golden.namespace());
            assertThat(packet.ackId()).as(golden.text()).isEqualTo(golden.ackId());
            assertThat(packet.data() == null ? null : packet.data().toString()).as(golden.text()).isEqualTo(golden.data());
            assertThat(packet.encode()).as(golden.text()).isEqualTo(golden.text());
        }
    }

    @Test
    @DisplayName("The Swift client's CONNECT with the default namespace written out (0/,{...}) is the / namespace")
    void swiftConnect() throws DecodeException {
        SocketIoPacket packet = SocketIoPacket.parse("0/,{\"token\":\"T\"}");
        assertThat(packet.namespace()).isEqualTo("/");
        assertThat(packet.data().get("token").textValue()).isEqualTo("T");
        assertThat(packet.encode()).isEqualTo("0{\"token\":\"T\"}");
    }

    @Test
    @DisplayName("Binary events and acks (attachments, _placeholder) are refused as UNSUPPORTED")
    void refusesBinary() {
        for (String text : List.of("51-[\"upload\",{\"_placeholder\":true,\"num\":0}]",
                "51-12[\"upload\",{\"_placeholder\":true,\"num\":0}]", "61-3[{\"_placeholder\":true,\"num\":0}]")) {
            assertThatThrownBy(() -> SocketIoPacket.parse(text)).as(text)
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        }
    }

    @Test
    @DisplayName("Malformed packets are MALFORMED decode failures")
    void refusesMalformed() {
        for (String text : List.of("", "x", "7", "2", "2{}", "2[]", "2[1]", "2[\"a\"", "0[1]", "0\"token\"", "1{}", "3[1]",
                "31{}", "01{}", "2" + "1".repeat(16) + "[\"a\"]", "2/" + "n".repeat(200) + ",[\"a\"]",
                "2[\"a\"]trailing", "2" + "[".repeat(5_000) + "]".repeat(5_000))) {
            assertThatThrownBy(() -> SocketIoPacket.parse(text)).as(text)
                    .isInstanceOf(DecodeException.class)
                    .extracting(e -> ((DecodeException) e).code()).isEqualTo(ErrorCode.MALFORMED);
        }
    }

    @Test
    @DisplayName("A client's CONNECT_ERROR is not a client packet")
    void refusesConnectErrorFromClient() {
        assertThatThrownBy(() -> SocketIoPacket.parse("4{\"message\":\"x\"}"))
                .isInstanceOf(DecodeException.class)
                .extracting(e -> ((DecodeException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
    }
}
