package io.tradewire.model;

/** Makes client-supplied text safe to echo in an error message or a log line: bounded and printable ASCII. */
public final class Printable {
    public static final int MAX_LENGTH = 64;

    private Printable() {
    }

    public static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > MAX_LENGTH ? text.substring(0, MAX_LENGTH) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
