package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.event.Push;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One push on its way to every local subscriber of its stream: rendered once per dialect for the sessions whose
 * codec {@linkplain DialectCodec#encodesAlike encodes it alike}, as {@link Frame}s whose bytes every socket shares.
 */
final class FanOut {
    private final Push push;
    private final Map<DialectCodec, List<Frame>> byCodec = new IdentityHashMap<>(4);

    FanOut(Push push) {
        this.push = push;
    }

    List<Frame> of(DialectCodec codec) {
        return byCodec.computeIfAbsent(codec, c -> {
            List<String> texts = c.encode(new Outbound.Delivery(push, false), null);
            List<Frame> frames = new ArrayList<>(texts.size());
            texts.forEach(text -> frames.add(new Frame(text)));
            return frames;
        });
    }
}
