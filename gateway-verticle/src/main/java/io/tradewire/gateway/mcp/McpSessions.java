package io.tradewire.gateway.mcp;

import io.tradewire.gateway.session.RateLimits;
import io.tradewire.gateway.session.TimeSource;
import io.tradewire.gateway.session.TokenBucket;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MCP sessions of one gateway: each belongs to the user whose token initialized it, and only that user's
 * requests find it (anyone else's get "not found"). Ids are 128 random bits. A session unused for
 * {@code mcp.session-idle-timeout} is forgotten (swept when sessions are opened or looked up); a user's sessions
 * share the user's budgets of {@code gateway.rate-limit} (messages, and orders for order entry). Not thread-safe:
 * one event loop.
 */
final class McpSessions {
    /** One session: its owner, the protocol version it negotiated, when it was last used. */
    static final class McpSession {
        private final String id;
        private final String user;
        private final String protocolVersion;
        private long lastUsedNanos;
        private boolean initialized;

        McpSession(String id, String user, String protocolVersion, long nowNanos) {
            this.id = id;
            this.user = user;
            this.protocolVersion = protocolVersion;
            this.lastUsedNanos = nowNanos;
        }

        String id() {
            return id;
        }

        String user() {
            return user;
        }

        String protocolVersion() {
            return protocolVersion;
        }

        boolean initialized() {
            return initialized;
        }

        void markInitialized() {
            initialized = true;
        }
    }

    /** Why a session could not be opened. */
    enum Refusal { TOO_MANY_SESSIONS, TOO_MANY_USER_SESSIONS }

    /** A user's budgets and session count. */
    private static final class Budget {
        final TokenBucket messages;
        final TokenBucket orders;
        int sessions;

        Budget(RateLimits rates, long nowNanos) {
            messages = rates.enabled() ? rates.userMessages().bucket(nowNanos) : null;
            orders = rates.enabled() ? rates.userOrders().bucket(nowNanos) : null;
        }
    }

    private final McpConfig config;
    private final RateLimits rates;
    private final TimeSource time;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, McpSession> sessions = new LinkedHashMap<>();
    private final Map<String, Budget> budgets = new HashMap<>();

    McpSessions(McpConfig config, RateLimits rates, TimeSource time) {
        this.config = config;
        this.rates = rates;
        this.time = time;
    }

    /** A new session for {@code user}, or why not. */
    Result open(String user, String protocolVersion) {
        long now = time.nanoTime();
        sweep(now);
        if (config.maxSessions() > 0 && sessions.size() >= config.maxSessions()) {
            return new Result(null, Refusal.TOO_MANY_SESSIONS);
        }
        Budget budget = budgets.computeIfAbsent(user, key -> new Budget(rates, now));
        if (config.maxSessionsPerUser() > 0 && budget.sessions >= config.maxSessionsPerUser()) {
            return new Result(null, Refusal.TOO_MANY_USER_SESSIONS);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        McpSession session = new McpSession(HexFormat.of().formatHex(bytes), user, protocolVersion, now);
        sessions.put(session.id(), session);
        budget.sessions++;
        return new Result(session, null);
    }

    /** The outcome of {@link #open}: a session, or a refusal. */
    record Result(McpSession session, Refusal refusal) {
    }

    /** The live session with this id that belongs to {@code user}; touching it keeps it alive. */
    Optional<McpSession> find(String id, String user) {
        long now = time.nanoTime();
        sweep(now);
        McpSession session = id == null ? null : sessions.get(id);
        if (session == null || !session.user().equals(user)) {
            return Optional.empty();
        }
        session.lastUsedNanos = now;
        sessions.remove(id);
        sessions.put(id, session); // least recently used first: the sweep stops at the first live session
        return Optional.of(session);
    }

    /** Ends a session of {@code user}; false when there is none with that id. */
    boolean close(String id, String user) {
        Optional<McpSession> session = find(id, user);
        session.ifPresent(this::remove);
        return session.isPresent();
    }

    int size() {
        return sessions.size();
    }

    /** Charges one request to the user's messages budget. */
    boolean admitMessage(String user) {
        Budget budget = budgets.get(user);
        return budget == null || budget.messages == null || budget.messages.tryTake(time.nanoTime());
    }

    /** Charges one order-entry call to the user's orders budget. */
    boolean admitOrder(String user) {
        Budget budget = budgets.get(user);
        return budget == null || budget.orders == null || budget.orders.tryTake(time.nanoTime());
    }

    private void sweep(long now) {
        long idle = config.sessionIdleTimeout().toNanos();
        for (Iterator<McpSession> it = sessions.values().iterator(); it.hasNext(); ) {
            McpSession session = it.next();
            if (now - session.lastUsedNanos < idle) {
                return;
            }
            it.remove();
            release(session.user());
        }
    }

    private void remove(McpSession session) {
        if (sessions.remove(session.id()) != null) {
            release(session.user());
        }
    }

    private void release(String user) {
        budgets.computeIfPresent(user, (key, budget) -> --budget.sessions <= 0 ? null : budget);
    }
}
