package io.tradewire.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Docker deployment, checked without a Docker engine (there is none on the build machines): {@code docker/compose.yml}
 * validates with {@code docker-compose config -q} (Debian's docker-compose 1.29) and renders a cluster of two gateway nodes
 * and three core nodes that name each other consistently; {@code docker/Dockerfile} passes npm {@code dockerfilelint}
 * ({@code e2e/docker-lint}) and keeps the shape an operator relies on. Both tools are required: a missing one fails the test.
 */
class DockerDeploymentIT {
    private static final Path ROOT = Path.of(System.getProperty("e2e.root", "..")).toAbsolutePath().normalize();
    private static final Path COMPOSE = ROOT.resolve("docker/compose.yml");
    private static final Path DOCKERFILE = ROOT.resolve("docker/Dockerfile");
    private static final Path LINTER = ROOT.resolve("e2e/docker-lint/node_modules/dockerfilelint/bin/dockerfilelint");
    private static final String SECRET_VARIABLE = "TRADEWIRE_AUTH_JWT_SECRET";
    private static final Pattern FLAG = Pattern.compile("--([a-z-]+)(?:=(.*))?");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A hang guard, not a measurement. */
    private static final long TOOL_GUARD_SECONDS = 120;

    @Test
    @DisplayName("docker-compose validates compose.yml and it renders two gateway and three core nodes that agree on members, replicas and secret")
    void composeRendersTheCluster() throws Exception {
        Result check = compose(Map.of(SECRET_VARIABLE, "compose-check-secret-of-at-least-32-bytes"), "config", "-q");
        assertThat(check.exit()).as("docker-compose config -q: %s", check.output()).isZero();
        Result rendered = compose(Map.of(SECRET_VARIABLE, "compose-check-secret-of-at-least-32-bytes"), "config");
        assertThat(rendered.exit()).as("docker-compose config: %s", rendered.output()).isZero();
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(rendered.output());

        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        config.get("services").fields().forEachRemaining(service -> nodes.put(service.getKey(), flags(service.getValue())));
        List<String> gateways = nodes.entrySet().stream().filter(e -> "gateway".equals(e.getValue().get("verticles")))
                .map(Map.Entry::getKey).toList();
        List<String> cores = nodes.entrySet().stream()
                .filter(e -> Set.of(e.getValue().getOrDefault("verticles", "").split(",")).contains("matching"))
                .map(Map.Entry::getKey).toList();
        assertThat(gateways).as("gateway nodes (--verticles gateway)").hasSize(2);
        assertThat(cores).as("core nodes (--verticles with matching)").hasSize(3);
        assertThat(nodes).hasSize(5);
        assertThat(nodes.get(cores.get(0)).get("verticles").split(",")).containsExactlyInAnyOrder("matching", "notifier", "broker", "algo");

        Set<String> volumes = new HashSet<>();
        Set<String> members = new HashSet<>();
        for (String name : nodes.keySet()) {
            JsonNode service = config.get("services").get(name);
            Map<String, String> flags = nodes.get(name);
            assertThat(flags).as("%s runs clustered", name).containsKey("cluster")
                    .containsEntry("node-name", name).containsEntry("cluster-host", name);
            members.add(flags.get("cluster-host") + ":" + flags.get("cluster-port"));
            assertThat(Set.of(flags.get("cluster-members").split(","))).as("%s lists every member", name)
                    .isEqualTo(Set.copyOf(List.of(nodes.get(nodes.keySet().iterator().next()).get("cluster-members").split(","))));
            assertThat(service.at("/environment/" + SECRET_VARIABLE).asText()).as("%s gets the shared JWT secret", name)
                    .isEqualTo("compose-check-secret-of-at-least-32-bytes");
            assertThat(service.at("/environment/TRADEWIRE_PROFILE").asText()).isEqualTo("production");
            List<String> dataVolumes = new ArrayList<>();
            service.get("volumes").forEach(volume -> {
                String text = volume.isTextual() ? volume.asText() : volume.get("source").asText() + ":" + volume.get("target").asText();
                if (text.contains(":/var/lib/tradewire/data")) {
                    dataVolumes.add(text.substring(0, text.indexOf(':')));
                }
            });
            assertThat(dataVolumes).as("%s has one data volume", name).hasSize(1);
            assertThat(volumes.add(dataVolumes.get(0))).as("%s's data volume is its own: %s", name, dataVolumes).isTrue();
            assertThat(service.get("networks").size()).as("%s is on the one network", name).isEqualTo(1);
        }
        assertThat(Set.of(nodes.get(gateways.get(0)).get("cluster-members").split(","))).as("the member list is the five nodes")
                .isEqualTo(members);
        for (String gateway : gateways) {
            assertThat(config.get("services").get(gateway).get("ports")).as("%s publishes its HTTP port", gateway).isNotEmpty();
        }
        for (String core : cores) {
            JsonNode ports = config.get("services").get(core).get("ports");
            if (ports != null) {
                ports.forEach(port -> assertThat(port.path("host_ip").asText(port.asText())).as("%s publishes on loopback only", core)
                        .startsWith("127.0.0.1"));
            }
            String peers = nodes.get(core).get("set:matching.replication.peers");
            assertThat(peers).as("%s's venue replica peers", core).isNotNull();
            Map<String, String> byName = new HashMap<>();
            for (String peer : peers.split(",")) {
                byName.put(peer.substring(0, peer.indexOf('=')), peer.substring(peer.indexOf('=') + 1));
            }
            assertThat(byName.keySet()).as("a replica per core node, named by --node-name").containsExactlyInAnyOrderElementsOf(cores);
            byName.forEach((peer, address) -> assertThat(address).startsWith(peer + ":"));
        }
    }

    @Test
    @DisplayName("compose.yml refuses to render without the JWT secret, naming the variable")
    void composeRequiresTheSecret() throws Exception {
        Result withSecret = compose(Map.of(SECRET_VARIABLE, "compose-check-secret-of-at-least-32-bytes"), "config", "-q");
        assertThat(withSecret.exit()).as("the positive control: %s", withSecret.output()).isZero();
        Result without = compose(Map.of(), "config", "-q");
        assertThat(without.exit()).isNotZero();
        assertThat(without.output()).contains(SECRET_VARIABLE);
    }

    @Test
    @DisplayName("dockerfilelint finds nothing in docker/Dockerfile, and does find the faults of a bad one")
    void dockerfileLintsClean(@TempDir Path dir) throws Exception {
        assertThat(LINTER).as("dockerfilelint is installed: run `npm ci` in %s", LINTER.getParent().getParent().getParent().getParent())
                .isRegularFile();
        Path bad = Files.writeString(dir.resolve("Dockerfile"), "FROM debian\nRUN apt-get install curl\n");
        assertThat(lint(bad).path("totalIssues").asInt()).as("the linter reports a bad file's faults").isGreaterThanOrEqualTo(2);
        JsonNode report = lint(DOCKERFILE);
        assertThat(report.path("totalIssues").asInt()).as("dockerfilelint findings: %s", report.path("files").path(0).path("issues"))
                .isZero();
    }

    @Test
    @DisplayName("The Dockerfile builds with Maven and runs as a non-root user on a JRE, with a /health check, the ports and Hazelcast's JVM flags")
    void dockerfileShape() throws IOException {
        String text = Files.readString(DOCKERFILE);
        List<String> stages = Pattern.compile("(?m)^FROM (\\S+)").matcher(text).results().map(m -> m.group(1)).toList();
        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).startsWith("maven:");
        assertThat(stages.get(1)).contains("-jre");
        assertThat(text).containsPattern("(?m)^USER tradewire$").containsPattern("(?m)^HEALTHCHECK .*/health")
                .containsPattern("(?m)^EXPOSE 8080 5701 .*")
                .contains("\"--add-opens\", \"java.base/java.lang=ALL-UNNAMED\"", "\"--add-opens\", \"java.base/sun.nio.ch=ALL-UNNAMED\"",
                        "\"--add-exports\", \"java.base/jdk.internal.ref=ALL-UNNAMED\"", "\"-jar\", \"/opt/tradewire/tradewire.jar\"");
    }

    // ------------------------------------------------------------------------------------------

    private record Result(int exit, String output) {
    }

    /** The node's command line as flag name → value; {@code --set K=V} as {@code set:K} → V; a bare flag maps to "". */
    private static Map<String, String> flags(JsonNode service) {
        List<String> args = new ArrayList<>();
        service.get("command").forEach(arg -> args.add(arg.asText()));
        assertThat(args).isNotEmpty();
        assertThat(args.get(0)).isEqualTo("run");
        Map<String, String> flags = new HashMap<>();
        for (int i = 1; i < args.size(); i++) {
            Matcher m = FLAG.matcher(args.get(i));
            assertThat(m.matches()).as("a flag: %s in %s", args.get(i), args).isTrue();
            String value = m.group(2);
            if (value == null && i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                value = args.get(++i);
            }
            value = value == null ? "" : value;
            if (m.group(1).equals("set")) {
                flags.put("set:" + value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
            } else {
                flags.put(m.group(1), value);
            }
        }
        return flags;
    }

    private static Result compose(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", COMPOSE.toString()));
        command.addAll(List.of(args));
        return run(command, env);
    }

    private static JsonNode lint(Path dockerfile) throws Exception {
        Result result = run(List.of(System.getProperty("e2e.node", "node"), LINTER.toString(), "-j", dockerfile.toString()), Map.of());
        String output = result.output();
        int start = output.indexOf('{');
        assertThat(start).as("dockerfilelint's JSON report: %s", output).isNotNegative();
        return JSON.readTree(output.substring(start));
    }

    private static Result run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().remove(SECRET_VARIABLE);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + " is required (CI installs it: .ci/run; by hand: apt-get install "
                    + "--no-install-recommends docker-compose nodejs npm)", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        boolean finished = process.waitFor(TOOL_GUARD_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        assertThat(finished).as("%s finished", command).isTrue();
        return new Result(process.exitValue(), output.get(10, TimeUnit.SECONDS));
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
