package io.tradewire.gateway.spi;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A session for codec tests: a principal, query parameters and the codec's state. */
public final class TestSession implements SessionView {
    private final Map<String, String> query = new HashMap<>();
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, Object> state = new HashMap<>();
    private final Set<String> streams = new LinkedHashSet<>();
    private String principal;

    public static TestSession anonymous() {
        return new TestSession();
    }

    public static TestSession of(String user) {
        TestSession session = new TestSession();
        session.principal = user;
        return session;
    }

    public TestSession withQuery(String name, String value) {
        query.put(name, value);
        return this;
    }

    public TestSession withHeader(String name, String value) {
        headers.put(name.toLowerCase(java.util.Locale.ROOT), value);
        return this;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    @Override
    public String id() {
        return "test-1";
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
    public Set<String> streams() {
        return streams;
    }

    @Override
    public Map<String, Object> state() {
        return state;
    }
}
