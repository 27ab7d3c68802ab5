package io.tradewire.gateway.socketio;

import io.tradewire.gateway.spi.SessionView;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A session for socketio codec tests: principal, subscribed streams, pending snapshots, handshake values. */
final class FakeSession implements SessionView {
    private final Map<String, String> query = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, Object> state = new HashMap<>();
    final Set<String> streams = new LinkedHashSet<>();
    final Set<String> pending = new HashSet<>();
    private String principal;

    static FakeSession anonymous() {
        return new FakeSession();
    }

    static FakeSession of(String user) {
        FakeSession session = new FakeSession();
        session.principal = user;
        return session;
    }

    FakeSession withQuery(String name, String value) {
        query.put(name, value);
        return this;
    }

    FakeSession withHeader(String name, String value) {
        headers.put(name.toLowerCase(Locale.ROOT), value);
        return this;
    }

    void authenticate(String user) {
        principal = user;
    }

    @Override
    public String id() {
        return "socketio-test";
    }

    @Override
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public Optional<String> queryParam(String name) {
        return Optional.ofNullable(query.get(name));
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    @Override
    public Set<String> streams() {
        return streams;
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }

    @Override
    public boolean snapshotPending(String stream) {
        return pending.contains(stream);
    }
}
