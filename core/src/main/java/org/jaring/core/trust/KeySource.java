package org.jaring.core.trust;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The private key and certificate chain this process presents, swappable at runtime ({@code cert rotate}).
 * Each version has a generation number; a handshake picks an alias naming one generation and then fetches key
 * and chain for that same generation, so a swap in between can never pair a new chain with an old key.
 */
public final class KeySource {

    /** One version of the credentials. */
    public record Material(long generation, PrivateKey privateKey, X509Certificate[] chain) {
        public X509Certificate leaf() {
            return chain[0];
        }
    }

    /** Older generations kept for handshakes that chose their alias just before a swap. */
    private static final int KEEP = 4;

    private final AtomicLong generations = new AtomicLong();
    private final AtomicReference<Material> current = new AtomicReference<>();
    private final Map<Long, Material> recent = new ConcurrentHashMap<>();

    public KeySource(PrivateKey key, X509Certificate... chain) {
        update(key, chain);
    }

    public static KeySource of(IssuedCertificate issued) {
        return new KeySource(issued.privateKey(), issued.chain());
    }

    /** Switches credentials: new handshakes use them, established connections are untouched. */
    public void update(PrivateKey key, X509Certificate... chain) {
        if (key == null || chain == null || chain.length == 0 || chain[0] == null) {
            throw new IllegalArgumentException("a private key and at least the leaf certificate are required");
        }
        if (!NationalCa.keyMatches(key, chain[0].getPublicKey())) {
            throw new IllegalArgumentException(
                    "private key does not match certificate " + Fingerprints.sha256(chain[0]));
        }
        Material m = new Material(generations.incrementAndGet(), key, chain.clone());
        recent.put(m.generation(), m);
        current.set(m);
        recent.keySet().removeIf(g -> g <= m.generation() - KEEP);
    }

    public void update(IssuedCertificate issued) {
        update(issued.privateKey(), issued.chain());
    }

    public Material current() {
        return current.get();
    }

    Material generation(long g) {
        return recent.get(g);
    }
}
