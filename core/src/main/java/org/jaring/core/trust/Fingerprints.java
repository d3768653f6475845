package org.jaring.core.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/** SHA-256 certificate fingerprints: the value admins compare out of band before pinning an anchor. */
public final class Fingerprints {

    private Fingerprints() {}

    /** Lower-case hex of SHA-256 over the certificate DER (the canonical, stored form). */
    public static String sha256(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint certificate", e);
        }
    }

    /** {@code AB:CD:...}: the form people read aloud to each other. */
    public static String display(String hex) {
        String h = normalize(hex).toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(h.length() * 3 / 2);
        for (int i = 0; i < h.length(); i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(h, i, Math.min(i + 2, h.length()));
        }
        return sb.toString();
    }

    public static String display(X509Certificate cert) {
        return display(sha256(cert));
    }

    /**
     * Accepts what an admin may paste (colons, spaces, any case) and returns lower-case hex; refuses anything that
     * is not 64 hex digits so a truncated fingerprint never "matches".
     */
    public static String normalize(String fingerprint) {
        if (fingerprint == null) {
            throw new IllegalArgumentException("fingerprint is missing");
        }
        String h = fingerprint.replaceAll("[:\\s]", "").toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 fingerprint (64 hex digits, colons allowed): '"
                    + NodeId.printable(fingerprint) + "'");
        }
        return h;
    }

    /** Constant-time comparison of two fingerprints in any accepted spelling. */
    public static boolean matches(String a, String b) {
        return MessageDigest.isEqual(
                normalize(a).getBytes(StandardCharsets.US_ASCII), normalize(b).getBytes(StandardCharsets.US_ASCII));
    }
}
