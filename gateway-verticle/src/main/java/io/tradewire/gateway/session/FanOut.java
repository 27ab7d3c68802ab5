package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.event.Push;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One push on its way to every local subscriber of its stream: rendered once per dialect for the
 * sessions whose codec {@linkplain DialectCodec#encodesAlike encodes it alike}.
 */
final class FanOut {
    private final Push push;
    private final Map<DialectCodec, List<String>> byCodec = new IdentityHashMap<>(4);

    FanOut(Push push) {
        this.push = push;
    }

    List<String> of(DialectCodec codec) {
        return byCodec.computeIfAbsent(codec, c -> c.encode(new Outbound.Delivery(push, false), null));
    }
}
