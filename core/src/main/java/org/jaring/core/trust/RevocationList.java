package org.jaring.core.trust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The certificates a national CA has revoked. We do not use X.509 CRLs: the list must be verified against a pinned
 * anchor by our own code anyway, and a small canonical encoding that we sign ourselves is easier to get exactly
 * right than CRL parsing. The encoding is deterministic (entries sorted, fixed field order, length-prefixed UTF-8),
 * so the same list always yields the same bytes and the signature covers every field.
 */
public record RevocationList(NodeId issuer, long sequence, Instant issuedAt, List<Entry> entries) {

    private static final byte[] MAGIC = "JARING-RL/1".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_ENTRIES = 1_000_000;
    private static final int MAX_STRING = 1024;

    /** One revoked certificate: serial as lower-case hex, and the SHA-256 fingerprint (either one matching counts). */
    public record Entry(String serialHex, String fingerprint, Instant revokedAt, String reason) {
        public Entry {
            if (serialHex == null || !serialHex.matches("[0-9a-f]{1,64}")) {
                throw new IllegalArgumentException("serial must be lower-case hex");
            }
            fingerprint = Fingerprints.normalize(fingerprint);
            if (revokedAt == null) {
                throw new IllegalArgumentException("revokedAt is required");
            }
            reason = reason == null ? "" : reason;
            if (reason.length() > 200 || !reason.matches("[\\x20-\\x7e]*")) {
                throw new IllegalArgumentException("reason must be at most 200 printable ASCII characters");
            }
        }

        public static Entry of(X509Certificate cert, Instant revokedAt, String reason) {
            return new Entry(cert.getSerialNumber().toString(16), Fingerprints.sha256(cert), revokedAt, reason);
        }

        public BigInteger serial() {
            return new BigInteger(serialHex, 16);
        }
    }

    private static final Comparator<Entry> ORDER =
            Comparator.comparing((Entry e) -> e.serial()).thenComparing(Entry::fingerprint);

    public RevocationList {
        if (issuer == null || issuedAt == null || entries == null) {
            throw new IllegalArgumentException("issuer, issuedAt and entries are required");
        }
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative");
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(ORDER);
        entries = List.copyOf(sorted);
    }

    public static RevocationList empty(NodeId issuer) {
        return new RevocationList(issuer, 0, Instant.EPOCH, List.of());
    }

    public boolean isRevoked(BigInteger serial, String fingerprint) {
        String s = serial.toString(16);
        for (Entry e : entries) {
            if (e.serialHex().equals(s) || e.fingerprint().equals(fingerprint)) {
                return true;
            }
        }
        return false;
    }

    public RevocationList with(Entry entry, long newSequence, Instant newIssuedAt) {
        List<Entry> l = new ArrayList<>(entries);
        l.add(entry);
        return new RevocationList(issuer, newSequence, newIssuedAt, l);
    }

    /** The canonical bytes that are signed. */
    public byte[] encode() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            out.write(MAGIC);
            writeString(out, issuer.value());
            out.writeLong(sequence);
            writeInstant(out, issuedAt);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                writeString(out, e.serialHex());
                writeString(out, e.fingerprint());
                writeInstant(out, e.revokedAt());
                writeString(out, e.reason());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    /** Strict decoding: wrong magic, truncation, trailing bytes or a non-canonical form are all refused. */
    public static RevocationList decode(byte[] encoded) throws RevocationListException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new RevocationListException(
                        RevocationListException.Reason.MALFORMED, "not a Jaring revocation list");
            }
            NodeId issuer = NodeId.of(readString(in));
            long seq = in.readLong();
            Instant issuedAt = readInstant(in);
            int n = in.readInt();
            if (n < 0 || n > MAX_ENTRIES) {
                throw new RevocationListException(RevocationListException.Reason.MALFORMED, "bad entry count " + n);
            }
            List<Entry> entries = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                entries.add(new Entry(readString(in), readString(in), readInstant(in), readString(in)));
            }
            if (in.read() != -1) {
                throw new RevocationListException(RevocationListException.Reason.MALFORMED, "trailing bytes");
            }
            RevocationList list = new RevocationList(issuer, seq, issuedAt, entries);
            if (!Arrays.equals(list.encode(), encoded)) {
                throw new RevocationListException(RevocationListException.Reason.MALFORMED, "not in canonical form");
            }
            return list;
        } catch (EOFException e) {
            throw new RevocationListException(RevocationListException.Reason.MALFORMED, "truncated revocation list");
        } catch (IOException | IllegalArgumentException e) {
            throw new RevocationListException(
                    RevocationListException.Reason.MALFORMED, "malformed revocation list: " + e.getMessage());
        }
    }

    public SignedRevocationList sign(PrivateKey caKey) {
        byte[] bytes = encode();
        try {
            Signature s = Signature.getInstance(NationalCa.SIGNATURE_ALGORITHM);
            s.initSign(caKey);
            s.update(bytes);
            return new SignedRevocationList(this, bytes, s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign revocation list", e);
        }
    }

    /**
     * Verifies the signature with the issuer CA's key, decodes, and checks the list names the node that CA belongs
     * to. Sequence freshness is checked by {@link TrustStore}, which knows what is already installed.
     */
    public static RevocationList verify(byte[] encoded, byte[] signature, X509Certificate issuerCa)
            throws RevocationListException {
        boolean ok;
        try {
            Signature s = Signature.getInstance(NationalCa.SIGNATURE_ALGORITHM);
            s.initVerify(issuerCa.getPublicKey());
            s.update(encoded);
            ok = s.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false; // e.g. a signature that is not valid DER: the same outcome as a wrong one
        }
        if (!ok) {
            throw new RevocationListException(
                    RevocationListException.Reason.BAD_SIGNATURE,
                    "revocation list signature does not verify with the CA of " + caNodeId(issuerCa));
        }
        RevocationList list = decode(encoded);
        NodeId caNode = caNodeId(issuerCa);
        if (!list.issuer().equals(caNode)) {
            throw new RevocationListException(
                    RevocationListException.Reason.WRONG_ISSUER,
                    "revocation list names issuer " + list.issuer() + " but was verified with the CA of " + caNode);
        }
        return list;
    }

    private static String caNodeIdText(X509Certificate ca) {
        try {
            return IdentityUri.of(ca).nodeId().value();
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static NodeId caNodeId(X509Certificate ca) throws RevocationListException {
        try {
            return IdentityUri.of(ca).nodeId();
        } catch (IllegalArgumentException e) {
            throw new RevocationListException(
                    RevocationListException.Reason.WRONG_ISSUER,
                    "issuer CA certificate names no node (" + caNodeIdText(ca) + ")");
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("bad string length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
        out.writeLong(t.getEpochSecond());
        out.writeInt(t.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        long sec = in.readLong();
        int nano = in.readInt();
        if (nano < 0 || nano > 999_999_999) {
            throw new IOException("bad timestamp");
        }
        return Instant.ofEpochSecond(sec, nano);
    }

    @Override
    public String toString() {
        return "RevocationList[" + issuer + " #" + sequence + ", " + entries.size() + " entries]";
    }
}
