package io.tradewire.bench.measure;

import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * The machine a run was measured on: every report states it, with the load average (1, 5, 15 min) read
 * before the run started, which shows whether other work shared the cores.
 */
public record Machine(int cores, long memoryBytes, String cpu, String os, String java, long openFilesLimit, String loadAverage) {

    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), Proc.memTotalBytes(), Proc.cpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Proc.openFilesLimit(), Proc.loadAverage());
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, %s, %s, open files limit %s; load average "
                        + "before the run %s", cores, cpu, memoryBytes / (1024.0 * 1024 * 1024), os, java,
                openFilesLimit == Long.MAX_VALUE ? "unlimited" : Long.toString(openFilesLimit), loadAverage);
    }

    public JsonObject toJson() {
        return new JsonObject().put("cores", cores).put("memory_bytes", memoryBytes).put("cpu", cpu).put("os", os)
                .put("java", java).put("open_files_limit", openFilesLimit)
                .put("load_average_before", loadAverage);
    }
}
