package io.tradewire.gateway.api;

import io.tradewire.gateway.spi.DialectCodec;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.Collection;
import java.util.List;

/**
 * {@value #PATH}: an index page (plain HTML, nothing loaded from elsewhere) linking the API documents, and the documents
 * themselves from the class path ({@code docs/} in the gateway's resources): {@code asyncapi/<dialect>.yaml} for every
 * dialect that has one (AsyncAPI 3.0) and {@code openapi.yaml} (OpenAPI 3.1) for the REST endpoints and {@code /mcp}.
 * A new dialect's document is one more file {@code docs/asyncapi/<name>.yaml}: the index finds it by the codec's name.
 */
public final class ApiDocs {
    public static final String PATH = "/docs";
    /** Class-path folder of the documents. */
    public static final String RESOURCES = "docs";
    public static final String OPENAPI = "openapi.yaml";

    private ApiDocs() {
    }

    /** Class-path location of a dialect's AsyncAPI document. */
    public static String asyncApiResource(String dialect) {
        return RESOURCES + "/asyncapi/" + dialect + ".yaml";
    }

    static void mount(Router router, Collection<DialectCodec> codecs) {
        List<String> dialects = codecs.stream().map(DialectCodec::name)
                .filter(name -> ApiDocs.class.getClassLoader().getResource(asyncApiResource(name)) != null)
                .sorted().toList();
        String index = index(dialects);
        // The router matches /docs and /docs/ alike: relative links need the slash, so /docs redirects to it.
        router.get(PATH).handler(ctx -> {
            if (!ctx.request().path().endsWith("/")) {
                ctx.redirect(PATH + "/");
                return;
            }
            ctx.response().putHeader("Content-Type", "text/html; charset=UTF-8")
                    .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'").end(index);
        });
        router.get(PATH + "/*").handler(StaticHandler.create(RESOURCES).setDirectoryListing(false).setCachingEnabled(true)
                .setDefaultContentEncoding("UTF-8"));
    }

    /** The index page: one link per document. */
    static String index(List<String> dialects) {
        StringBuilder html = new StringBuilder("""
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Tradewire API documents</title>
                <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
                code{background:#f3f3f3;padding:0 .2rem}</style></head>
                <body>
                <h1>Tradewire API documents</h1>
                <h2>WebSocket dialects (AsyncAPI 3.0)</h2>
                <ul>
                """);
        for (String dialect : dialects) {
            html.append("<li><a href=\"asyncapi/").append(dialect).append(".yaml\">").append(dialect)
                    .append("</a> — <code>asyncapi/").append(dialect).append(".yaml</code></li>\n");
        }
        html.append("""
                </ul>
                <h2>REST and MCP (OpenAPI 3.1)</h2>
                <ul>
                <li><a href="openapi.yaml">REST endpoints</a> — <code>/health</code>, <code>/ready</code>, <code>/metrics</code>,
                <code>/admin/accounts/{user}/deposit|withdraw</code>, the qe REST API (<code>/user/trading/...</code>),
                <code>/console/</code>, <code>/mcp</code></li>
                </ul>
                <p>The MCP endpoint (<code>/mcp</code>, Streamable HTTP, JSON-RPC 2.0) lists its tools and their input schemas
                with <code>tools/list</code>.</p>
                </body>
                </html>
                """);
        return html.toString();
    }
}
