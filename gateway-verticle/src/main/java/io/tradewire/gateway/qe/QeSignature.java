package io.tradewire.gateway.qe;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The QE request signature: lower-case hex HMAC-SHA256 of the query string, keyed with the API secret. The signed
 * text is the query string exactly as the client sent it, without its {@code signature} parameter — the SDK signs
 * its url-encoded parameters in the order it sends them, {@code signature} last; a client that sorts its parameters
 * before signing sends them sorted, so both forms are the text as sent. As a courtesy to clients that sign the sorted
 * parameters but send them in another order, the pieces sorted by name are accepted too.
 */
public final class QeSignature {
    static final String PARAMETER = "signature";
    private static final String ALGORITHM = "HmacSHA256";

    private QeSignature() {
    }

    /** Hex HMAC-SHA256 of {@code payload} under {@code secret}. */
    public static String sign(String secret, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** Whether {@code signature} signs the raw query (as sent, or its pieces sorted by name) under {@code secret}. */
    public static boolean verify(String secret, String rawQuery, String signature) {
        byte[] given = signature.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        List<String> pieces = unsigned(rawQuery);
        String asSent = String.join("&", pieces);
        if (MessageDigest.isEqual(sign(secret, asSent).getBytes(StandardCharsets.US_ASCII), given)) {
            return true;
        }
        List<String> sorted = new ArrayList<>(pieces);
        sorted.sort(Comparator.comparing(QeSignature::nameOf));
        String sortedText = String.join("&", sorted);
        return !sortedText.equals(asSent)
                && MessageDigest.isEqual(sign(secret, sortedText).getBytes(StandardCharsets.US_ASCII), given);
    }

    /** The {@code name=value} pieces of a raw query, without the {@code signature} ones. */
    static List<String> unsigned(String rawQuery) {
        List<String> pieces = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return pieces;
        }
        for (String piece : rawQuery.split("&", -1)) {
            if (!nameOf(piece).equals(PARAMETER)) {
                pieces.add(piece);
            }
        }
        return pieces;
    }

    private static String nameOf(String piece) {
        int eq = piece.indexOf('=');
        return eq < 0 ? piece : piece.substring(0, eq);
    }
}
