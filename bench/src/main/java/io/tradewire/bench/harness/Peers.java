package io.tradewire.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** The Node peers install themselves: {@code npm ci} in the peer's folder when its lock file is newer than its install. */
final class Peers {
    private Peers() {
    }

    static void ensureInstalled(Path dir, Path logDir) throws IOException, InterruptedException {
        if (!Files.isRegularFile(dir.resolve("package-lock.json"))) {
            throw new IllegalStateException("no peer at " + dir);
        }
        if (installed(dir)) {
            return;
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve("npm-" + dir.getFileName() + ".log");
        System.err.println("tradewire bench: installing the " + dir.getFileName() + " peer (npm ci in " + dir + ") ...");
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(10, TimeUnit.MINUTES) || npm.exitValue() != 0) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci failed in " + dir + ": " + ChildProcess.tail(log, 5));
        }
    }

    /** npm ci writes node_modules/.package-lock.json; it is current when not older than package-lock.json. */
    static boolean installed(Path dir) throws IOException {
        Path marker = dir.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        FileTime lock = Files.getLastModifiedTime(dir.resolve("package-lock.json"));
        return Files.getLastModifiedTime(marker).compareTo(lock) >= 0;
    }
}
