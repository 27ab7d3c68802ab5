package io.tradewire.bench.harness;

import java.io.PrintStream;

/** One progress line on standard error: rewritten in place on a terminal, a line every few seconds otherwise. */
final class Progress {
    private final PrintStream err = System.err;
    private final boolean terminal = System.console() != null;
    private long lastLine;
    private int width;

    void update(String text) {
        if (terminal) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            width = text.length();
            err.print("\r" + padded);
            err.flush();
        } else if (System.nanoTime() - lastLine > 5_000_000_000L) {
            lastLine = System.nanoTime();
            err.println(text);
        }
    }

    void done() {
        if (terminal && width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
        lastLine = 0;
    }

    void note(String text) {
        done();
        err.println(text);
    }
}
