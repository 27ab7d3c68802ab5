package io.tradewire.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Origin matching: no Origin, same origin, listed origins, wildcards, "*" and "null". */
class OriginPolicyTest {

    @Test
    @DisplayName("By default: no Origin (not a browser) and the same origin pass, any other site does not")
    void sameOriginOnly() {
        OriginPolicy policy = OriginPolicy.sameOriginOnly();
        assertThat(policy.allows(null, "trade.example.com", 8080)).isTrue();
        assertThat(policy.allows("http://trade.example.com:8080", "trade.example.com", 8080)).isTrue();
        assertThat(policy.allows("HTTP://Trade.Example.COM:8080", "trade.example.com", 8080)).as("case-insensitive").isTrue();
        assertThat(policy.allows("http://127.0.0.1:8080", "127.0.0.1", 8080)).isTrue();
        assertThat(policy.allows("https://trade.example.com", "trade.example.com", -1)).as("Host without port, default port").isTrue();
        assertThat(policy.allows("http://trade.example.com", "trade.example.com", -1)).isTrue();
        assertThat(policy.allows("http://[::1]:8080", "[::1]", 8080)).isTrue();
        assertThat(policy.allows("https://evil.example", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("http://trade.example.com:9090", "trade.example.com", 8080)).as("another port").isFalse();
        assertThat(policy.allows("http://trade.example.com:8080", "trade.example.com", -1)).isFalse();
        assertThat(policy.allows("http://trade.example.com.evil.example:8080", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("null", "trade.example.com", 8080)).as("sandboxed frames, file: pages").isFalse();
        assertThat(policy.allows("", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("not an origin", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("http://trade.example.com:8080/path?x", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("ws://trade.example.com:8080", "trade.example.com", 8080)).isFalse();
        assertThat(policy.allows("http://trade.example.com:8080", null, -1)).isFalse();
        assertThat(policy.allowsAll()).isFalse();
    }

    @Test
    @DisplayName("Listed origins match exactly (scheme, host, port with defaults implied); *.domain matches its subdomains only")
    void listed() {
        OriginPolicy policy = OriginPolicy.of(List.of("https://app.example.com", "http://localhost:3000", "https://*.example.org"));
        assertThat(policy.allows("https://app.example.com", "api.example.com", 443)).isTrue();
        assertThat(policy.allows("https://app.example.com:443", "api.example.com", 443)).isTrue();
        assertThat(policy.allows("http://app.example.com", "api.example.com", 443)).as("scheme differs").isFalse();
        assertThat(policy.allows("https://app.example.com:8443", "api.example.com", 443)).isFalse();
        assertThat(policy.allows("http://localhost:3000", "api.example.com", 443)).isTrue();
        assertThat(policy.allows("http://localhost:3001", "api.example.com", 443)).isFalse();
        assertThat(policy.allows("https://a.example.org", "api.example.com", 443)).isTrue();
        assertThat(policy.allows("https://a.b.example.org", "api.example.com", 443)).isTrue();
        assertThat(policy.allows("https://example.org", "api.example.com", 443)).as("not the domain itself").isFalse();
        assertThat(policy.allows("https://evilexample.org", "api.example.com", 443)).isFalse();
        assertThat(policy.allows("https://evil.com", "api.example.com", 443)).isFalse();
        assertThat(policy.allows(null, "api.example.com", 443)).isTrue();
    }

    @Test
    @DisplayName("'*' allows every origin; 'null' is only allowed when listed")
    void anyAndNull() {
        OriginPolicy any = OriginPolicy.of(List.of("*"));
        assertThat(any.allowsAll()).isTrue();
        assertThat(any.allows("https://evil.example", "x", 1)).isTrue();
        assertThat(any.allows("null", "x", 1)).isTrue();
        assertThat(OriginPolicy.of(List.of("null")).allows("null", "x", 1)).isTrue();
        assertThat(OriginPolicy.of(List.of("null")).allows("https://evil.example", "x", 1)).isFalse();
    }

    @Test
    @DisplayName("Entries that are not origins are refused at start")
    void invalidEntries() {
        for (String bad : List.of("example.com", "https://example.com/path", "ftp://example.com", "https://", "*.example.com",
                "https://user@example.com")) {
            assertThatThrownBy(() -> OriginPolicy.of(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(bad);
        }
    }
}
