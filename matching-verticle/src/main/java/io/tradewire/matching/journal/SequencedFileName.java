package io.tradewire.matching.journal;

import java.util.Locale;

/**
 * File names that carry a sequence number as 20 zero-padded digits between a prefix and a suffix
 * ({@code journal-00000000000000000001.log}, {@code snapshot-00000000000000000042.snap}), so that
 * names sort in sequence order.
 */
record SequencedFileName(String prefix, String suffix) {

    String name(long sequence) {
        return prefix + String.format(Locale.ROOT, "%020d", sequence) + suffix;
    }

    /** The sequence a file name announces, or -1 when the name is not one of these. */
    long sequenceOf(String fileName) {
        if (!fileName.startsWith(prefix) || !fileName.endsWith(suffix)) {
            return -1;
        }
        String digits = fileName.substring(prefix.length(), fileName.length() - suffix.length());
        if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
