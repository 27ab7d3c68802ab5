package io.tradewire.gateway.socketio;

import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.InstrumentDirectory;

/** What the {@code socketio} dialect remembers per connection (in the session's state, on its event loop). */
final class SocketIoState {
    private static final String KEY = "socketio";

    /** Whether the client's CONNECT to {@code /} was accepted (and not DISCONNECTed since). */
    boolean connected;
    /** The Socket.IO socket id sent in the CONNECT answer. */
    String socketId;
    /** Whether this connection gets a pid and an offset with every event (connection state recovery). */
    boolean offsets;
    /** The private session id sent in the CONNECT answer (connection state recovery), kept across recoveries. */
    String pid;
    /** A CONNECT's pid and offset, until its authentication is answered. */
    String claimedPid;
    String claimedOffset;
    /** The client's view being recovered, until its subscriptions are set up again. */
    RecoveryOffset recovering;
    /** The tag of the principal in offsets. */
    long userTag;
    final PushSchedule schedule;
    final TradingView view;

    private SocketIoState(SocketIoConfig config, InstrumentDirectory instruments) {
        this.schedule = new PushSchedule(config.intervals());
        this.view = new TradingView(instruments);
    }

    static SocketIoState of(SessionView session, SocketIoConfig config, InstrumentDirectory instruments) {
        return (SocketIoState) session.state().computeIfAbsent(KEY, key -> new SocketIoState(config, instruments));
    }
}
