package io.tradewire.gateway.ops;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Liveness and readiness of a node, from what its components report ({@code HealthRegistry}) and what the
 * gateway observed: plain rules, no Vert.x.
 *
 * <ul>
 *   <li><b>live</b> ({@code /health}): every component of this node reports UP (or DISABLED on purpose);</li>
 *   <li><b>ready</b> ({@code /ready}): live, and the venue answered a probe (it is recovered and not failed
 *       closed), the cluster is joined (a single JVM is trivially), and every broker adapter is connected (UP)
 *       or explicitly disabled (DISABLED).</li>
 * </ul>
 */
public final class Readiness {
    public static final String UP = "UP";
    public static final String DISABLED = "DISABLED";
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";

    /** One check: passed or not, and a sentence saying why. */
    public record Check(boolean passed, String detail) {
        JsonObject toJson() {
            return new JsonObject().put("status", passed ? PASS : FAIL).put("detail", detail);
        }
    }

    /** The venue probe's outcome: answered, or why not. */
    public record VenueProbe(String address, boolean answered, String detail) {
    }

    private Readiness() {
    }

    /** Whether a component status counts as healthy. */
    public static boolean isUp(String status) {
        return UP.equals(status) || DISABLED.equals(status);
    }

    /** Every component UP (or DISABLED). */
    public static boolean live(JsonObject components) {
        return components.stream().allMatch(e -> e.getValue() instanceof JsonObject c && isUp(c.getString("status")));
    }

    /** {@code /health}: {@code {"status":"UP"|"DOWN","components":{...}}}. */
    public static JsonObject health(JsonObject components) {
        return new JsonObject().put("status", live(components) ? UP : "DOWN").put("components", components);
    }

    /** The readiness checks, in a fixed order: node, venue, cluster, brokers. */
    public static Map<String, Check> checks(JsonObject components, VenueProbe venue, boolean clustered) {
        Map<String, Check> checks = new LinkedHashMap<>();
        List<String> down = new ArrayList<>();
        components.forEach(e -> {
            String status = e.getValue() instanceof JsonObject c ? c.getString("status") : null;
            if (!isUp(status)) {
                down.add(e.getKey() + " " + status);
            }
        });
        checks.put("node", new Check(down.isEmpty(), down.isEmpty()
                ? "components up: " + String.join(", ", components.fieldNames()) : "not up: " + String.join(", ", down)));
        checks.put("venue", new Check(venue.answered(), venue.address() + ": " + venue.detail()));
        checks.put("cluster", new Check(true, clustered ? "joined (a clustered node serves only once it joined)"
                : "single JVM: not clustered"));
        checks.put("brokers", brokers(components));
        return checks;
    }

    /** {@code /ready}: {@code {"status":"READY"|"NOT_READY","checks":{"venue":{"status":"PASS","detail":...},...}}}. */
    public static JsonObject ready(Map<String, Check> checks) {
        JsonObject body = new JsonObject();
        checks.forEach((name, check) -> body.put(name, check.toJson()));
        return new JsonObject().put("status", isReady(checks) ? "READY" : "NOT_READY").put("checks", body);
    }

    public static boolean isReady(Map<String, Check> checks) {
        return checks.values().stream().allMatch(Check::passed);
    }

    /** A broker adapter's component: {@code broker} or {@code broker.<name>}. */
    public static boolean isBroker(String component) {
        return component.equals("broker") || component.startsWith("broker.");
    }

    /** Components named {@code broker} or {@code broker.<name>}: UP (connected) or DISABLED. */
    private static Check brokers(JsonObject components) {
        List<String> seen = new ArrayList<>();
        List<String> failing = new ArrayList<>();
        components.forEach(e -> {
            if (isBroker(e.getKey())) {
                String status = e.getValue() instanceof JsonObject c ? c.getString("status") : null;
                seen.add(e.getKey() + " " + status);
                if (!isUp(status)) {
                    failing.add(e.getKey() + " " + status);
                }
            }
        });
        if (seen.isEmpty()) {
            return new Check(true, "no broker adapter on this node");
        }
        return failing.isEmpty() ? new Check(true, "connected or disabled: " + String.join(", ", seen))
                : new Check(false, "not connected: " + String.join(", ", failing));
    }
}
