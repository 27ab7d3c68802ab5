package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tradewire.gateway.spi.DialectCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The API documents as the gateway serves them at {@code /docs}: every dialect's AsyncAPI document and the OpenAPI
 * document pass the reference parsers from npm ({@code e2e/apidocs/validate.js}: {@code @asyncapi/parser},
 * {@code @apidevtools/swagger-parser}), and real responses of the REST endpoints validate against the OpenAPI
 * document's own schemas (networknt json-schema-validator, JSON Schema 2020-12 as OpenAPI 3.1 uses it).
 */
class ApiDocsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static TestMesh mesh;

    @BeforeAll
    static void start() throws Exception {
        mesh = TestMesh.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    @DisplayName("Every served AsyncAPI document and the OpenAPI document pass the npm reference parsers; the index links them all")
    void documentsPassTheReferenceParsers() throws Exception {
        String dialects = StreamSupport.stream(ServiceLoader.load(DialectCodec.class).spliterator(), false)
                .map(DialectCodec::name).sorted().collect(Collectors.joining(","));
        ClientScripts.nodeIn("apidocs", "validate.js", "--base", base() + "/docs/", "--dialects", dialects);
    }

    @Test
    @DisplayName("/docs redirects to the index; a missing document is 404; documents are served as they are in the jar")
    void serving() throws Exception {
        HttpResponse<String> redirect = get("/docs", null);
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/docs/");
        assertThat(get("/docs/asyncapi/nope.yaml", null).statusCode()).isEqualTo(404);
        assertThat(get("/docs/../conf/tradewire-defaults.yaml", null).statusCode()).isIn(400, 404);
        String served = get("/docs/openapi.yaml", null).body();
        try (var in = ApiDocsIT.class.getClassLoader().getResourceAsStream("docs/openapi.yaml")) {
            assertThat(served).isEqualTo(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    @DisplayName("Real answers of /health, /ready, the admin routes and /mcp validate against the OpenAPI document's schemas")
    void responsesMatchTheOpenApiDocument() throws Exception {
        JsonNode openApi = new ObjectMapper(new YAMLFactory()).readTree(get("/docs/openapi.yaml", null).body());

        HttpResponse<String> health = get("/health", null);
        assertValid(openApi, "Health", health.body());
        HttpResponse<String> ready = get("/ready", null);
        assertThat(ready.statusCode()).isIn(200, 503);
        assertValid(openApi, "Readiness", ready.body());

        String admin = mesh.tokens().mint("docs-admin", Duration.ofMinutes(10), List.of("admin"));
        HttpResponse<String> deposit = post("/admin/accounts/docs-user/deposit", admin, "{\"amount\":\"100.25\"}");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        assertValid(openApi, "Account", deposit.body());
        HttpResponse<String> refused = post("/admin/accounts/docs-user/withdraw", admin, "{\"amount\":\"99999999\"}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertValid(openApi, "Error", refused.body());
        HttpResponse<String> unauthenticated = post("/admin/accounts/docs-user/deposit", null, "{\"amount\":\"1\"}");
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertValid(openApi, "Error", unauthenticated.body());

        HttpResponse<String> mcp = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(mcp.statusCode()).isEqualTo(401);
        assertValid(openApi, "JsonRpcResponse", mcp.body());
        // The schemas are not vacuous: a wrong shape fails them.
        assertThat(violations(openApi, "Account", "{\"user_id\":\"u\"}")).isNotEmpty();
        assertThat(violations(openApi, "JsonRpcResponse", "{\"jsonrpc\":\"2.0\",\"id\":1}")).isNotEmpty();
    }

    private static void assertValid(JsonNode openApi, String schema, String body) throws Exception {
        assertThat(violations(openApi, schema, body)).as("%s: %s", schema, body).isEmpty();
    }

    /** Violations of {@code #/components/schemas/<name>}, with the document's other schemas reachable by $ref. */
    private static Set<ValidationMessage> violations(JsonNode openApi, String name, String body) throws Exception {
        ObjectNode schema = JSON.createObjectNode().put("$schema", "https://json-schema.org/draft/2020-12/schema")
                .put("$ref", "#/components/schemas/" + name);
        schema.set("components", openApi.get("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema).validate(JSON.readTree(body));
    }

    private static String base() {
        return "http://127.0.0.1:" + mesh.port();
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
