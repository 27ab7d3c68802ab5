package io.tradewire.gateway.session;

import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.model.event.Push;
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
    private String conflationKey;
    private boolean keyKnown;
    private String type;

    FanOut(Push push) {
        this.push = push;
    }

    List<Frame> of(DialectCodec codec) {
        return byCodec.computeIfAbsent(codec, c -> Frame.render(c, new Outbound.Delivery(push, false), null));
    }

    /** The push's key for conflation in a slow session's queue ({@link OutboundQueue#conflationKey}), or null. */
    String conflationKey() {
        if (!keyKnown) {
            conflationKey = OutboundQueue.conflationKey(push);
            keyKnown = true;
        }
        return conflationKey;
    }

    /** The push's message type, as metrics name it. */
    String type() {
        if (type == null) {
            type = MessageTypes.ofEvent(push.event());
        }
        return type;
    }
}
