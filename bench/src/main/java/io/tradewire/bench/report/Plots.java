package io.tradewire.bench.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of a fan-out sweep: throughput and latency against client count, one line per server. */
public final class Plots {
    private Plots() {
    }

    /** Points (clients, value) of each target, in the order the runs were made. */
    static Map<String, List<double[]>> series(JsonArray runs, ToDoubleFunction<JsonObject> value) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Object item : runs) {
            JsonObject run = (JsonObject) item;
            double y = value.applyAsDouble(run);
            if (!Double.isNaN(y)) {
                series.computeIfAbsent(run.getString("target"), k -> new ArrayList<>()).add(new double[] {run.getInteger("clients"), y});
            }
        }
        series.values().forEach(points -> points.sort((a, b) -> Double.compare(a[0], b[0])));
        return series;
    }

    /** Writes {@code fanout-throughput.png} and {@code fanout-latency.png} into {@code dir}; returns their names. */
    public static List<String> fanout(JsonObject report, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        JsonArray runs = report.getJsonArray("runs");
        JsonObject params = report.getJsonObject("params");
        String subtitle = " (" + Math.round(params.getDouble("rate")) + " events/s, ~" + params.getInteger("payload_bytes") + " B frames)";
        XYChart throughput = chart("Fan-out: delivered messages per second" + subtitle, "delivered messages/s",
                series(runs, run -> number(run.getValue("delivered_per_s"))), false);
        XYChart latency = chart("Fan-out: p99 publish → receive latency" + subtitle, "p99 latency (ms)",
                series(runs, run -> {
                    JsonObject l = run.getJsonObject("latency");
                    return l == null || l.getLong("count", 0L) == 0 ? Double.NaN : l.getLong("p99_us") / 1000.0;
                }), true);
        BitmapEncoder.saveBitmap(throughput, dir.resolve("fanout-throughput.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        BitmapEncoder.saveBitmap(latency, dir.resolve("fanout-latency.png").toString(), BitmapEncoder.BitmapFormat.PNG);
        return List.of("fanout-throughput.png", "fanout-latency.png");
    }

    private static XYChart chart(String title, String yTitle, Map<String, List<double[]>> series, boolean logY) {
        XYChart chart = new XYChartBuilder().width(900).height(500).title(title).xAxisTitle("clients").yAxisTitle(yTitle).build();
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setYAxisDecimalPattern(logY ? "#,##0.#" : "#,###");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        series.forEach((name, points) -> {
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        return chart;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
