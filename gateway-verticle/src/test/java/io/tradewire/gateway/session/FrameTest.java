package io.tradewire.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FrameTest {
    private static final String[] PIECES = {"a", "{\"type\":\"trade\"}", "é", "日本", "\uD83D\uDE00", "\u2028", "\u0001", ""};

    @Test
    @DisplayName("A frame made of UTF-8 bytes has the text, bytes and size of the frame made of its text")
    void utf8FramesMatchTextFrames() {
        Random random = new Random(20261121L);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            Frame fromText = new Frame(text.toString());
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            Frame fromBytes = Frame.ofUtf8(bytes);

            assertThat(fromBytes.size()).as(text.toString()).isEqualTo(fromText.size()).isEqualTo(text.length());
            assertThat(fromBytes.text()).isEqualTo(fromText.text());
            assertThat(fromBytes.utf8()).isSameAs(bytes).isEqualTo(fromText.utf8());
        }
    }
}
