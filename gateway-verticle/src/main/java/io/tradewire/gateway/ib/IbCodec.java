package io.tradewire.gateway.ib;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradewire.gateway.spi.ClientJson;
import io.tradewire.gateway.spi.DecodeException;
import io.tradewire.gateway.spi.DialectCodec;
import io.tradewire.gateway.spi.DialectContext;
import io.tradewire.gateway.spi.DialectDefaults;
import io.tradewire.gateway.spi.Inbound;
import io.tradewire.gateway.spi.Outbound;
import io.tradewire.gateway.spi.SessionView;
import io.tradewire.model.ErrorCode;
import io.tradewire.model.InstrumentDirectory;
import io.tradewire.model.Printable;
import io.tradewire.model.command.QueryOrders;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ib} dialect (seed 000): an IB-style notification stream at {@code /websocket/ws}. Clients
 * {@code subscribe} / {@code unsubscribe} {@code message_types}, {@code ping} and ask {@code get_orders};
 * the server pushes {@code order_update}, {@code order_notification}, {@code mcp_order},
 * {@code account_update}, {@code market_data} and {@code error}. A token in {@code ?token=} or an
 * {@code Authorization: Bearer} header logs the connection in on connect; without one only public types
 * ({@code market_data}) are available. See {@code docs/dialects/ib.md}.
 *
 * <p>Error rule: every problem is an {@code error} push with an {@code error_code}, and the connection
 * stays open (except for a frame over the size limit, closed with 1009 by the gateway).
 */
public final class IbCodec implements DialectCodec {
    public static final String NAME = "ib";

    static final String SUBSCRIBE = "subscribe";
    static final String UNSUBSCRIBE = "unsubscribe";
    static final String PING = "ping";
    static final String GET_ORDERS = "get_orders";
    static final String TOKEN_PARAM = "token";
    private static final Pattern BEARER = Pattern.compile("\\s*[Bb][Ee][Aa][Rr][Ee][Rr]\\s+(\\S*)\\s*");

    private final Clock clock;
    private InstrumentDirectory instruments = new InstrumentDirectory(List.of());
    private IbConfig config = IbConfig.defaults();
    private IbEncoder encoder;

    public IbCodec() {
        this(Clock.systemUTC());
    }

    /** With the clock that stamps replies (tests fix it). */
    IbCodec(Clock clock) {
        this.clock = clock;
        this.encoder = new IbEncoder(config, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The seed's path; server pings every 10 s, a socket silent (no frame, no pong) for 30 s is closed. */
    @Override
    public DialectDefaults defaults() {
        return new DialectDefaults("/websocket/ws", Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    @Override
    public void configure(DialectContext context) {
        this.instruments = context.instruments();
        this.config = IbConfig.from(context.section());
        this.encoder = new IbEncoder(config, clock);
    }

    /**
     * Logs in with the token of the connecting request: the {@code Authorization: Bearer} header, else
     * {@code ?token=}. Also fixes the connection's client id and language.
     */
    @Override
    public List<Inbound> onOpen(SessionView session) {
        IbState.of(session, config);
        return token(session).<List<Inbound>>map(token -> List.of(new Inbound.Authenticate(token, null))).orElse(List.of());
    }

    static Optional<String> token(SessionView session) {
        Optional<String> bearer = session.header("Authorization")
                .map(BEARER::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1));
        if (bearer.isPresent()) {
            return bearer;
        }
        return session.queryParam(TOKEN_PARAM);
    }

    @Override
    public Inbound decode(String frame, SessionView session) throws DecodeException {
        ObjectNode message = ClientJson.parseObject(frame);
        String type = ClientJson.text(message, "type", null);
        IbState state = IbState.of(session, config);
        switch (type) {
            case SUBSCRIBE:
                return IbSubscriptions.subscribe(message, session, state, instruments);
            case UNSUBSCRIBE:
                return IbSubscriptions.unsubscribe(message, session, state, instruments);
            case PING:
                return new Inbound.Ping();
            case GET_ORDERS:
                String user = session.principal().orElseThrow(() -> new DecodeException(ErrorCode.UNAUTHENTICATED,
                        "get_orders needs a logged-in user: connect with ?token= or an Authorization: Bearer header", GET_ORDERS));
                return new Inbound.Execute(new QueryOrders(user), GET_ORDERS);
            default:
                throw new DecodeException(ErrorCode.UNSUPPORTED, "Unknown message type: " + Printable.of(type), null);
        }
    }

    @Override
    public List<String> encode(Outbound message, SessionView session) {
        return encoder.encode(message, session);
    }
}
