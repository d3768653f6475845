package org.jaring.node.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.Timestamps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.VerifyAuditResponse;

/**
 * The evidence package: one JSON file holding a contiguous run of sealed records that ends with a signed
 * checkpoint, the national CA certificate (the signers' chains are inside the checkpoints) and a manifest of
 * hashes. {@link #verify} needs nothing but the file (docs/audit.md).
 */
public final class AuditPackage {
    public static final String FORMAT = "jaring-audit-package/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored record: its key and value. */
    public record Entry(long sequence, byte[] sealed) {}

    private AuditPackage() {}

    /**
     * Picks the records whose time is in [from, to] from {@code all} (in sequence order), up to the next checkpoint,
     * and none after {@code lastSequence}: the checkpoint the export wrote. Records that other calls append while
     * the export reads have times inside [from, to] too, but no signature covers them yet; a package that held them
     * would fail its own verification (NOT_COVERED).
     */
    public static List<Entry> select(Iterable<Entry> all, Instant from, Instant to, long lastSequence)
            throws InvalidProtocolBufferException {
        List<Entry> out = new ArrayList<>();
        boolean closing = false;
        for (Entry e : all) {
            if (e.sequence() > lastSequence) {
                break;
            }
            AuditRecord r = AuditRecord.parseFrom(
                    SealedAuditRecord.parseFrom(e.sealed()).getRecord());
            Instant t = Instant.ofEpochMilli(Timestamps.toMillis(r.getTime()));
            if (!closing && out.isEmpty() && t.isBefore(from)) {
                continue;
            }
            if (!closing && t.isAfter(to)) {
                if (out.isEmpty()) {
                    break;
                }
                closing = true;
            }
            out.add(e);
            if (closing && r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                break;
            }
            if (!closing && r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT && !t.isBefore(to)) {
                break;
            }
        }
        return out;
    }

    public static byte[] build(
            String nodeId, X509Certificate ca, Instant from, Instant to, Instant created, List<Entry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("node_id", nodeId);
        root.put("created", created.toString());
        root.put("from", from.toString());
        root.put("to", to.toString());
        root.put("ca_certificate_pem", PemFiles.toPem(ca));
        ArrayNode records = root.putArray("records");
        Set<String> signers = new LinkedHashSet<>();
        for (Entry e : entries) {
            ObjectNode r = records.addObject();
            r.put("sequence", e.sequence());
            r.put("sealed", Base64.getEncoder().encodeToString(e.sealed()));
            try {
                SealedAuditRecord sealed = SealedAuditRecord.parseFrom(e.sealed());
                AuditRecord rec = AuditRecord.parseFrom(sealed.getRecord());
                // The same bytes once more, taken apart, so that the package verifies with openssl and
                // sha256sum alone (docs/verify-evidence-package.sh): nothing here is trusted, the script
                // rebuilds `sealed` from them and compares.
                r.put(
                        "record",
                        Base64.getEncoder().encodeToString(sealed.getRecord().toByteArray()));
                r.put("prev_hash", AuditCrypto.hex(rec.getPrevHash().toByteArray()));
                r.put("hash", AuditCrypto.hex(sealed.getHash().toByteArray()));
                if (rec.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                    signers.add(rec.getCheckpoint().getSignerFingerprint());
                    ObjectNode cp = r.putObject("checkpoint");
                    cp.put("covers_sequence", rec.getCheckpoint().getCoversSequence());
                    cp.put("time_epoch", rec.getTime().getSeconds());
                    cp.put(
                            "signature",
                            Base64.getEncoder()
                                    .encodeToString(
                                            rec.getCheckpoint().getSignature().toByteArray()));
                    cp.put("signer_chain_pem", rec.getCheckpoint().getSignerChainPem());
                }
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException("record " + e.sequence() + " cannot be read: " + ex.getMessage(), ex);
            }
        }
        ObjectNode manifest = root.putObject("manifest");
        manifest.put("count", entries.size());
        manifest.put("first_sequence", entries.isEmpty() ? 0 : entries.get(0).sequence());
        manifest.put(
                "last_sequence",
                entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence());
        manifest.put("records_sha256", recordsDigest(entries));
        manifest.put("ca_sha256", Fingerprints.sha256(ca));
        ArrayNode s = manifest.putArray("signer_sha256");
        signers.forEach(s::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 over, per record: sequence (8 bytes BE) | length (4 bytes BE) | sealed bytes. */
    static String recordsDigest(List<Entry> entries) {
        MessageDigest md = AuditCrypto.sha256();
        for (Entry e : entries) {
            md.update(ByteBuffer.allocate(12)
                    .putLong(e.sequence())
                    .putInt(e.sealed().length)
                    .array());
            md.update(e.sealed());
        }
        return AuditCrypto.hex(md.digest());
    }

    /** What {@link #verify} found, with the package's node and CA for the report. */
    public record Verdict(VerifyAuditResponse result, String nodeId, String caFingerprint, String from, String to) {}

    /**
     * Verifies a package offline. {@code expectedCaFingerprint} (may be null) pins the national CA: without it,
     * the package proves only that it is consistent with the CA it carries, whose fingerprint is reported.
     */
    public static Verdict verify(byte[] json, String expectedCaFingerprint) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            return failed(0, "UNREADABLE", "the package is not JSON: " + e.getMessage(), "", "");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            return failed(0, "UNREADABLE", "not a " + FORMAT + " file", "", "");
        }
        String nodeId = root.path("node_id").asText();
        X509Certificate ca;
        try {
            ca = PemFiles.certificateFromPem(root.path("ca_certificate_pem").asText(), "ca_certificate_pem");
        } catch (IOException | RuntimeException e) {
            return failed(0, "BAD_CA", "the CA certificate cannot be read: " + e.getMessage(), nodeId, "");
        }
        String caFp = Fingerprints.sha256(ca);
        if (expectedCaFingerprint != null && !Fingerprints.matches(caFp, expectedCaFingerprint)) {
            return failed(
                    0,
                    "BAD_CA",
                    "the package's CA is " + Fingerprints.display(caFp) + ", not the expected " + expectedCaFingerprint,
                    nodeId,
                    caFp);
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode records = root.path("records");
        for (JsonNode r : records) {
            long seq = r.path("sequence").asLong(-1);
            byte[] sealed;
            try {
                sealed = Base64.getDecoder().decode(r.path("sealed").asText());
            } catch (IllegalArgumentException e) {
                return failed(
                        seq, "UNREADABLE", "record " + seq + " is not valid base64: " + e.getMessage(), nodeId, caFp);
            }
            entries.add(new Entry(seq, sealed));
        }
        if (entries.isEmpty()) {
            return failed(0, "EMPTY", "the package holds no records", nodeId, caFp);
        }
        // A package carries no revocation list: whether a signer was revoked is checked where the list is (the
        // node's own verify); docs/audit.md says so.
        AuditVerifier v = new AuditVerifier(
                ca, TrustVerifier.Revocations.NONE_KNOWN, nodeId, entries.get(0).sequence(), null);
        for (Entry e : entries) {
            if (!v.accept(e.sequence(), e.sealed())) {
                break;
            }
        }
        v.requireCovered();
        if (!v.intact()) {
            return new Verdict(
                    v.result(),
                    nodeId,
                    caFp,
                    root.path("from").asText(),
                    root.path("to").asText());
        }
        JsonNode m = root.path("manifest");
        String problem = null;
        if (m.path("count").asLong(-1) != entries.size()) {
            problem = "manifest count " + m.path("count").asText() + " but the package holds " + entries.size()
                    + " records";
        } else if (m.path("first_sequence").asLong(-1) != entries.get(0).sequence()
                || m.path("last_sequence").asLong(-1)
                        != entries.get(entries.size() - 1).sequence()) {
            problem = "manifest sequence range does not match the records";
        } else if (!recordsDigest(entries).equals(m.path("records_sha256").asText())) {
            problem = "manifest records_sha256 does not match the records";
        } else if (!caFp.equals(m.path("ca_sha256").asText())) {
            problem = "manifest ca_sha256 does not match the included CA certificate";
        }
        if (problem != null) {
            return failed(entries.get(0).sequence(), "MANIFEST", problem, nodeId, caFp);
        }
        return new Verdict(
                v.result(),
                nodeId,
                caFp,
                root.path("from").asText(),
                root.path("to").asText());
    }

    private static Verdict failed(long seq, String problem, String detail, String nodeId, String caFp) {
        return new Verdict(
                VerifyAuditResponse.newBuilder()
                        .setIntact(false)
                        .setBrokenSequence(Math.max(0, seq))
                        .setProblem(problem)
                        .setDetail(detail)
                        .build(),
                nodeId,
                caFp,
                "",
                "");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
