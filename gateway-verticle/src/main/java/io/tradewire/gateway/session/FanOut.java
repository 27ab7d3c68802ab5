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
 * Nothing is worked out before a session needs it: a private push (one session, encoded for it alone) costs this
 * object and nothing else.
 */
final class FanOut {
    private final Push push;
    private final OutboundQueue.Conflation conflation;
    /** The first dialect's frames; further dialects' in {@link #others} (null until a second dialect asks). */
    private DialectCodec firstCodec;
    private List<Frame> firstFrames;
    private Map<DialectCodec, List<Frame>> others;
    private String conflationKey;
    private boolean keyKnown;
    private String type;

    /** A push of a stream whose conflation is known (the registry works it out once per stream). */
    FanOut(Push push, OutboundQueue.Conflation conflation) {
        this.push = push;
        this.conflation = conflation;
    }

    /** A push on its own (a replay, a throttled push released): its stream's conflation is worked out here. */
    FanOut(Push push) {
        this(push, OutboundQueue.Conflation.of(push.stream()));
    }

    List<Frame> of(DialectCodec codec) {
        if (firstCodec == null) {
            firstCodec = codec;
            firstFrames = render(codec);
            return firstFrames;
        }
        if (firstCodec == codec) {
            return firstFrames;
        }
        if (others == null) {
            others = new IdentityHashMap<>(4);
        }
        List<Frame> frames = others.get(codec);
        if (frames == null) {
            frames = render(codec);
            others.put(codec, frames);
        }
        return frames;
    }

    private List<Frame> render(DialectCodec codec) {
        return Frame.render(codec, new Outbound.Delivery(push, false), null);
    }

    /**
     * The push's key for conflation in a slow session's queue ({@link OutboundQueue.Conflation}), or null; asked only
     * when a frame has to wait in a queue.
     */
    String conflationKey() {
        if (!keyKnown) {
            conflationKey = conflation.key(push);
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
