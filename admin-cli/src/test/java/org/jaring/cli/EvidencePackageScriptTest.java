package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.jaring.core.trust.PemFiles;
import org.jaring.node.audit.AuditCrypto;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/verify-evidence-package.sh, the check a court can run with openssl and sha256sum alone, on a package
 * exported from a real node: intact it passes, and every kind of tampering fails with the record named.
 */
class EvidencePackageScriptTest {
    private static final Path SCRIPT = Path.of("..", "docs", "verify-evidence-package.sh");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int exit, String out) {}

    private static boolean onPath(String tool) {
        try {
            Process p = new ProcessBuilder("sh", "-c", "command -v " + tool)
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Result script(Path pkg) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), pkg.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }

    private Result run(String name, ObjectNode root) throws Exception {
        Path f = dir.resolve(name + ".json");
        Files.write(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        return script(f);
    }

    private void fails(String name, ObjectNode root, String expected) throws Exception {
        Result r = run(name, root);
        assertThat(r.exit()).as(name + ":%n%s", r.out()).isEqualTo(1);
        assertThat(r.out()).as(name).contains("FAILED: " + expected);
    }

    /** Replaces the record at {@code index} by {@code r}, keeping every exported form of it consistent. */
    private static void replace(ArrayNode records, int index, AuditRecord r) {
        ObjectNode e = (ObjectNode) records.get(index);
        byte[] sealed = AuditTamper.seal(r);
        e.put("sealed", Base64.getEncoder().encodeToString(sealed));
        e.put("record", Base64.getEncoder().encodeToString(r.toByteArray()));
        e.put("hash", AuditCrypto.hex(AuditCrypto.hash(r.getPrevHash().toByteArray(), r.toByteArray())));
        if (r.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
            ObjectNode cp = (ObjectNode) e.get("checkpoint");
            cp.put(
                    "signature",
                    Base64.getEncoder()
                            .encodeToString(r.getCheckpoint().getSignature().toByteArray()));
            cp.put("signer_chain_pem", r.getCheckpoint().getSignerChainPem());
        }
    }

    private static AuditRecord record(ArrayNode records, int index) throws Exception {
        return AuditRecord.parseFrom(SealedAuditRecord.parseFrom(Base64.getDecoder()
                        .decode(records.get(index).get("sealed").asText()))
                .getRecord());
    }

    @Test
    void theScriptVerifiesAnExportedPackageAndRefusesEveryKindOfTampering() throws Exception {
        Assumptions.assumeTrue(onPath("openssl"), "openssl is not on the PATH: the standard-tools check cannot run");
        assertThat(SCRIPT).exists();

        CliNode n = CliNode.init(dir.resolve("th"), "TH-CCIB");
        Files.writeString(
                n.home.config(),
                "\naudit:\n  checkpoint_every: 5\n  checkpoint_interval: 1h\n",
                StandardOpenOption.APPEND);
        n.start();
        for (int i = 0; i < 4; i++) {
            n.cli("audit", "verify").ok();
        }
        Path pkg = dir.resolve("evidence.json");
        n.cli("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "-o", pkg.toString())
                .ok();
        n.close();
        // The same node ID under another national CA: its node key and certificate are valid, but not this state's.
        CliNode other = CliNode.init(dir.resolve("other"), "TH-CCIB");
        String otherCert = Files.readString(other.home.nodeCertificate());
        PrivateKey otherKey = PemFiles.readPrivateKey(other.home.nodeKey(), null);

        Result good = script(pkg);
        assertThat(good.exit()).as(good.out()).isZero();
        assertThat(good.out()).contains("VERIFIED:").contains("ok   checkpoint");
        // The package still verifies with Jaring itself: the added fields break nothing.
        assertThat(CliNode.run("audit", "verify-package", pkg.toString()).ok().out())
                .contains("INTACT:");

        ObjectNode root = (ObjectNode) JSON.readTree(Files.readAllBytes(pkg));
        ArrayNode records = (ArrayNode) root.get("records");
        int size = records.size();
        assertThat(size).isGreaterThan(6);
        long seq2 = records.get(2).get("sequence").asLong();

        // A changed byte in a record (its record bytes, its sealed bytes, its hash).
        ObjectNode t = root.deepCopy();
        ObjectNode e = (ObjectNode) t.get("records").get(2);
        byte[] body = Base64.getDecoder().decode(e.get("record").asText());
        body[body.length / 2] ^= 0x20;
        e.put("record", Base64.getEncoder().encodeToString(body));
        fails("record-byte", t, "record " + seq2 + ":");

        t = root.deepCopy();
        e = (ObjectNode) t.get("records").get(2);
        byte[] sealed = Base64.getDecoder().decode(e.get("sealed").asText());
        sealed[sealed.length / 2] ^= 0x20;
        e.put("sealed", Base64.getEncoder().encodeToString(sealed));
        fails("sealed-byte", t, "record " + seq2 + ": the sealed bytes are not record and hash");

        // A record changed and resealed with a correct hash of its own: the next link breaks.
        t = root.deepCopy();
        AuditRecord r2 = record((ArrayNode) t.get("records"), 2);
        replace(
                (ArrayNode) t.get("records"),
                2,
                r2.toBuilder().setActor("someone else").build());
        fails("resealed", t, "record " + (seq2 + 1) + ": prev_hash does not link");

        // A removed record.
        t = root.deepCopy();
        ((ArrayNode) t.get("records")).remove(3);
        fails("removed", t, "record " + (seq2 + 2) + " follows record " + seq2);

        // A reordered pair.
        t = root.deepCopy();
        ArrayNode rs = (ArrayNode) t.get("records");
        var a = rs.get(2);
        rs.set(2, rs.get(3));
        rs.set(3, a);
        fails("reordered", t, "record " + (seq2 + 1) + " follows record " + (seq2 - 1));

        // A changed checkpoint signature, consistent everywhere in the package.
        t = root.deepCopy();
        rs = (ArrayNode) t.get("records");
        AuditRecord cp = record(rs, size - 1);
        assertThat(cp.getKind()).isEqualTo(AuditKind.AUDIT_KIND_CHECKPOINT);
        byte[] sig = cp.getCheckpoint().getSignature().toByteArray();
        sig[sig.length - 3] ^= 0x01;
        replace(
                rs,
                size - 1,
                cp.toBuilder()
                        .setCheckpoint(cp.getCheckpoint().toBuilder().setSignature(ByteString.copyFrom(sig)))
                        .build());
        fails("signature", t, "checkpoint " + cp.getSequence() + ": the ECDSA signature does not verify");

        // Only the exported signature changed, not the one in the record.
        t = root.deepCopy();
        ((ObjectNode) t.get("records").get(size - 1).get("checkpoint"))
                .put("signature", Base64.getEncoder().encodeToString(sig));
        fails("side-signature", t, "checkpoint " + cp.getSequence() + ": the signature is not the one in the record");

        // A checkpoint re-signed by a node certificate of another CA (same node ID, valid signature).
        t = root.deepCopy();
        rs = (ArrayNode) t.get("records");
        byte[] forged = AuditCrypto.sign(
                otherKey,
                AuditCrypto.checkpointSignedBytes(
                        cp.getCheckpoint().getNodeId(),
                        cp.getCheckpoint().getCoversSequence(),
                        cp.getCheckpoint().getHeadHash().toByteArray()));
        replace(
                rs,
                size - 1,
                cp.toBuilder()
                        .setCheckpoint(cp.getCheckpoint().toBuilder()
                                .setSignature(ByteString.copyFrom(forged))
                                .setSignerChainPem(otherCert))
                        .build());
        fails("other-ca", t, "checkpoint " + cp.getSequence() + ": the signer certificate does not chain");

        // A truncated package: the last checkpoint cut off, and the file cut short.
        t = root.deepCopy();
        ((ArrayNode) t.get("records")).remove(size - 1);
        fails("no-last-checkpoint", t, "record " + (cp.getSequence() - 1) + " is not a signed checkpoint");
        byte[] whole = Files.readAllBytes(pkg);
        Path cut = dir.resolve("cut.json");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Result r = script(cut);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED: the package cannot be read");
    }
}
