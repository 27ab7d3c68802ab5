package io.tradewire.gateway;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may open a connection ({@code gateway.allowed-origins}), against cross-site WebSocket
 * hijacking: a browser sends the page's {@code Origin} with every WebSocket upgrade and cross-site request,
 * and a page on another site must not ride on its visitor's network position or cookies.
 *
 * <ul>
 *   <li>No {@code Origin} header: allowed. Browsers always send one on a WebSocket upgrade, so this is a
 *       non-browser client (a script, a mobile app, a server), which an Origin check cannot constrain anyway.</li>
 *   <li>Same origin: allowed. The origin's host and port equal those of the request's {@code Host}
 *       (a {@code Host} without a port matches an origin on its scheme's default port).</li>
 *   <li>{@code *} in the list: every origin is allowed.</li>
 *   <li>Listed origins: {@code scheme://host[:port]} exactly (case-insensitive, default ports implied), or
 *       {@code scheme://*.domain[:port]} for any subdomain of a domain (not the domain itself); {@code null}
 *       (sandboxed frames, {@code file:} pages) only when listed literally.</li>
 *   <li>Anything else: refused (HTTP 403 before the upgrade).</li>
 * </ul>
 */
public final class OriginPolicy {
    private final boolean any;
    private final boolean nullOrigin;
    private final List<Entry> entries;

    /** One listed origin; {@code wildcard} means any subdomain of {@code host}. */
    private record Entry(String scheme, String host, int port, boolean wildcard) {
        boolean matches(Origin origin) {
            if (!scheme.equals(origin.scheme) || port != origin.port) {
                return false;
            }
            return wildcard ? origin.host.endsWith("." + host) : host.equals(origin.host);
        }
    }

    private record Origin(String scheme, String host, int port) {
    }

    private OriginPolicy(boolean any, boolean nullOrigin, List<Entry> entries) {
        this.any = any;
        this.nullOrigin = nullOrigin;
        this.entries = List.copyOf(entries);
    }

    /** The default: no Origin, or the same origin. */
    public static OriginPolicy sameOriginOnly() {
        return new OriginPolicy(false, false, List.of());
    }

    /**
     * @throws IllegalArgumentException naming the first entry that is not {@code *}, {@code null} or
     *                                  {@code http(s)://host[:port]} (with an optional {@code *.} in front of the host)
     */
    public static OriginPolicy of(List<String> allowed) {
        boolean any = false;
        boolean nullOrigin = false;
        List<Entry> entries = new ArrayList<>();
        for (String item : allowed) {
            String text = item.trim();
            if (text.equals("*")) {
                any = true;
                continue;
            }
            if (text.equals("null")) {
                nullOrigin = true;
                continue;
            }
            boolean wildcard = text.contains("://*.");
            Origin origin = parse(wildcard ? text.replace("://*.", "://") : text);
            if (origin == null) {
                throw new IllegalArgumentException("'" + item + "' is not an origin such as https://app.example.com, "
                        + "https://*.example.com:8443, null or *");
            }
            entries.add(new Entry(origin.scheme, origin.host, origin.port, wildcard));
        }
        return new OriginPolicy(any, nullOrigin, entries);
    }

    /** Whether everything is allowed ({@code *}). */
    public boolean allowsAll() {
        return any;
    }

    /**
     * @param origin      the request's {@code Origin} header, or null
     * @param requestHost the host the request was sent to ({@code Host} / {@code :authority}), or null
     * @param requestPort its port, or -1 when the {@code Host} named none
     */
    public boolean allows(String origin, String requestHost, int requestPort) {
        if (origin == null || any) {
            return true;
        }
        String trimmed = origin.trim();
        if (trimmed.equals("null")) {
            return nullOrigin;
        }
        Origin parsed = parse(trimmed);
        if (parsed == null) {
            return false;
        }
        if (requestHost != null && parsed.host.equals(bare(requestHost))
                && (requestPort < 0 ? parsed.port == defaultPort(parsed.scheme) : parsed.port == requestPort)) {
            return true;
        }
        for (Entry entry : entries) {
            if (entry.matches(parsed)) {
                return true;
            }
        }
        return false;
    }

    /** {@code scheme://host[:port]} with nothing after it (a trailing {@code /} is tolerated); null otherwise. */
    private static Origin parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            return null;
        }
        int port = uri.getPort() < 0 ? defaultPort(scheme) : uri.getPort();
        return new Origin(scheme, bare(uri.getHost()), port);
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static int defaultPort(String scheme) {
        return scheme.equals("https") ? 443 : 80;
    }
}
