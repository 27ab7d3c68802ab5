package io.tradewire.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Order ids of the in-house venues. The default venue ({@code matching.venue}) numbers its orders {@code O} + 20 digits
 * (13-digit epoch millis + 7-digit counter), as it always has; any other venue puts its name in front,
 * {@code <venue>-O…} (e.g. {@code crypto-O17637120000000000001}), so the gateway sends a cancel, amend or query of an
 * order to the venue that holds it. Like a broker order id ({@link BrokerOrderIds}), the prefix ends at a dash; a venue
 * name may itself contain dashes, so the prefix is everything before the last {@code -O}.
 */
public final class VenueOrderIds {
    private static final Pattern PREFIXED = Pattern.compile("(" + StreamKeys.SEGMENT + ")-O[0-9]{20}");

    private VenueOrderIds() {
    }

    /** The id the venue {@code venue} gives the order numbered {@code localId} ({@code O…}). */
    public static String of(String venue, String defaultVenue, String localId) {
        return venue.equals(defaultVenue) ? localId : venue + '-' + localId;
    }

    /** The venue an order id names by its prefix, or null when it has none (a default venue id, or not a venue id). */
    public static String venueOf(String orderId) {
        if (orderId == null) {
            return null;
        }
        Matcher matcher = PREFIXED.matcher(orderId);
        return matcher.matches() ? matcher.group(1) : null;
    }
}
