package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.node.audit.AuditAdministration;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.audit.RocksAuditLog;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.VerifyAuditResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.FlushOptions;

/**
 * The audit log end to end: records from real CLI traffic, 'jaring audit verify' on the running node, tampering
 * with the stopped node's RocksDB (byte change, reorder, delete, forged checkpoint) located after a restart,
 * and evidence packages verified offline and refused after any change.
 */
class AuditLogTest {
    @TempDir
    Path dir;

    private static CliNode node(Path root) throws Exception {
        CliNode n = CliNode.init(root, "TH-CCIB");
        Files.writeString(
                n.home.config(),
                "\naudit:\n  checkpoint_every: 5\n  checkpoint_interval: 1h\n",
                StandardOpenOption.APPEND);
        return n.start();
    }

    /** Some audited traffic: each CLI run is one accepted handshake, admin actions are recorded too. */
    private static void traffic(CliNode n, int runs) {
        for (int i = 0; i < runs; i++) {
            n.cli("peers", "status").ok();
        }
    }

    private static CliNode.Run verify(CliNode n) {
        return n.cli("audit", "verify");
    }

    /** {@code jaring audit verify --data DIR}: the stopped node's folder, offline, read-only. */
    private static CliNode.Run verifyOffline(CliNode n) {
        return n.offline("audit", "verify", "--data", dataDir(n).toString());
    }

    private static Path dataDir(CliNode n) {
        return NodeConfigLoader.load(n.home.config()).dataDir();
    }

    /** The node refuses to start on a broken chain, naming the record and the offline command. */
    private static void refusesToStart(CliNode n, String broken) {
        assertThatIllegalStateException()
                .isThrownBy(n::start)
                .withMessageContaining("is broken at record " + broken)
                .withMessageContaining("does not start")
                .withMessageContaining("jaring audit verify --data " + dataDir(n));
    }

    private static NavigableMap<Long, byte[]> allRecords(CliNode n) throws Exception {
        TreeMap<Long, byte[]> all = new TreeMap<>();
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            for (long s = 1; s <= t.lastKey(); s++) {
                byte[] v = t.get(s);
                if (v != null) {
                    all.put(s, v);
                }
            }
        }
        return all;
    }

    @Test
    void tamperingWithTheStoredChainIsDetectedAndLocated() throws Exception {
        CliNode n = node(dir.resolve("th"));
        traffic(n, 12);
        CliNode.Run ok = verify(n).ok();
        assertThat(ok.out()).startsWith("INTACT:");
        n.close();
        CliNode.Run offline = verifyOffline(n).ok();
        assertThat(offline.out())
                .contains("Audit log of node TH-CCIB in " + dataDir(n) + " (offline, read-only")
                .contains("INTACT:");

        // 1. One byte of a stored record changed.
        byte[] original;
        long target;
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            target = 4;
            original = t.get(target);
            byte[] changed = original.clone();
            changed[changed.length - 40] ^= 0x01;
            t.put(target, changed);
        }
        CliNode.Run broken = verifyOffline(n);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record 4:").contains("restore the data folder from a backup");
        refusesToStart(n, "4: ");
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            t.put(target, original);
        }
        n.start();
        assertThat(verify(n).ok().out()).startsWith("INTACT:");
        n.close();

        // 2. Two records swapped.
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            byte[] a = t.get(6);
            byte[] b = t.get(7);
            t.put(6, b);
            t.put(7, a);
        }
        broken = verifyOffline(n);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record 6: OUT_OF_PLACE");
        refusesToStart(n, "6: OUT_OF_PLACE");
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            byte[] a = t.get(6);
            byte[] b = t.get(7);
            t.put(6, b);
            t.put(7, a);
        }

        // 3. One record deleted.
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            original = t.get(9);
            t.delete(9);
        }
        broken = verifyOffline(n);
        assertThat(broken.out()).contains("BROKEN at record 9: GAP");
        refusesToStart(n, "9: GAP");
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            t.put(9, original);
        }
        assertThat(verifyOffline(n).exit()).isZero();

        // 4. A checkpoint's signature forged, every later hash recomputed: only the signature gives it away.
        long checkpoint;
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            checkpoint = t.sequences(AuditKind.AUDIT_KIND_CHECKPOINT).get(1);
            t.forgeCheckpointAndRechain(checkpoint);
        }
        broken = verifyOffline(n);
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.out()).contains("BROKEN at record " + checkpoint + ": BAD_SIGNATURE");
        refusesToStart(n, checkpoint + ": BAD_SIGNATURE");
    }

    /**
     * The newest record swapped with an older one, then a restart: the node used to number on from the moved
     * record's own sequence and write over genuine records. Now it refuses to start and every record stays as it was.
     */
    @Test
    void aSwappedNewestRecordAndARestartOverwriteNothing() throws Exception {
        CliNode n = node(dir.resolve("th"));
        traffic(n, 6);
        n.close();
        long last;
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            last = t.last();
            byte[] newest = t.get(last);
            byte[] older = t.get(last - 3);
            t.put(last, older);
            t.put(last - 3, newest);
        }
        NavigableMap<Long, byte[]> before = allRecords(n);
        refusesToStart(n, (last - 3) + ": OUT_OF_PLACE");
        NavigableMap<Long, byte[]> after = allRecords(n);
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).as("record " + k).isEqualTo(v));
        assertThat(verifyOffline(n).out()).contains("BROKEN at record " + (last - 3) + ": OUT_OF_PLACE");
    }

    /**
     * The final checkpoint of a clean stop removed: the head witness beside the data folder names it, so the
     * offline check says CUT_TAIL (exit 1) and the node does not start. A crash before that checkpoint leaves the
     * same records but a witness naming the checkpoint before: that verifies as an unsigned tail, exit 4, with its
     * range; the node starts on it and records the range when it opens.
     */
    @Test
    void aCutTailIsReportedOfflineAndRecordedWhenTheNodeStarts() throws Exception {
        CliNode n = node(dir.resolve("th"));
        traffic(n, 4);
        n.close();
        long last;
        long lastSigned;
        try (AuditTamper t = new AuditTamper(n.home.config())) {
            last = t.last();
            t.delete(last); // the final checkpoint of the clean stop
            List<Long> checkpoints = t.sequences(AuditKind.AUDIT_KIND_CHECKPOINT);
            lastSigned = checkpoints.get(checkpoints.size() - 1);
        }
        CliNode.Run refused = verifyOffline(n);
        assertThat(refused.exit()).as(refused.all()).isEqualTo(1);
        assertThat(refused.out()).contains("BROKEN at record " + last + ": CUT_TAIL");
        refusesToStart(n, last + ": CUT_TAIL");

        try (AuditTamper t = new AuditTamper(n.home.config())) {
            t.witnessAsAfterACrashAt(lastSigned);
        }
        String tail = lastSigned + 1 == last - 1 ? Long.toString(last - 1) : (lastSigned + 1) + ".." + (last - 1);
        CliNode.Run cut = verifyOffline(n);
        assertThat(cut.exit()).as(cut.all()).isEqualTo(4);
        assertThat(cut.out()).contains("UNSIGNED TAIL: records " + tail + " are not covered by a signed checkpoint");

        n.start();
        try (var it = n.node().store().newIterator(ColumnFamily.AUDIT)) {
            List<AuditRecord> opened = new ArrayList<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord r = AuditTamper.record(it.value());
                if (r.getKind() == AuditKind.AUDIT_KIND_LOG_OPENED) {
                    opened.add(r);
                }
            }
            assertThat(opened.get(opened.size() - 1).getDetailsList())
                    .contains(AuditLog.detail("unsigned_at_open", tail));
        }
        assertThat(n.node()
                        .metrics()
                        .get("jaring.audit.unsigned.at.open.records")
                        .gauge()
                        .value())
                .as("the alarm monitoring sees")
                .isEqualTo((double) (last - 1 - lastSigned));
        assertThat(n.node()
                        .metrics()
                        .get("jaring.audit.witness.missing")
                        .gauge()
                        .value())
                .isZero();
        assertThat(verify(n).ok().out()).startsWith("INTACT:");
        n.close();
        assertThat(verifyOffline(n).exit()).isZero();
    }

    @Test
    void offlineVerifyOfAFolderThatIsNotOneSaysSo() throws Exception {
        CliNode n = node(dir.resolve("th"));
        n.close();
        CliNode.Run none =
                n.offline("audit", "verify", "--data", dir.resolve("nothing").toString());
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("is not a node's data folder");
    }

    @Test
    void exportedPackageVerifiesOfflineAndFailsOnAnyChange() throws Exception {
        CliNode n = node(dir.resolve("th"));
        traffic(n, 8);
        Path pkg = dir.resolve("evidence.json");
        n.cli("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "-o", pkg.toString())
                .ok();
        n.close();

        // A clean folder with only the package: no home, no node.
        Path clean = Files.createDirectories(dir.resolve("court"));
        Path copy = Files.copy(pkg, clean.resolve("evidence.json"));
        CliNode.Run good =
                CliNode.run("audit", "verify-package", copy.toString()).ok();
        assertThat(good.out()).contains("INTACT:");
        String ca = good.out()
                .lines()
                .filter(l -> l.contains("national CA"))
                .findFirst()
                .orElseThrow()
                .replace("national CA", "")
                .trim();
        CliNode.run("audit", "verify-package", copy.toString(), "--ca-fingerprint", ca)
                .ok();
        assertThat(CliNode.run("audit", "verify-package", copy.toString(), "--ca-fingerprint", "00".repeat(32))
                        .exit())
                .isEqualTo(1);

        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(Files.readAllBytes(copy));
        ArrayNode records = (ArrayNode) root.get("records");

        // A byte of a record flipped.
        ObjectNode flipped = root.deepCopy();
        ObjectNode third = (ObjectNode) flipped.get("records").get(2);
        byte[] sealed = Base64.getDecoder().decode(third.get("sealed").asText());
        SealedAuditRecord s = SealedAuditRecord.parseFrom(sealed);
        byte[] body = s.getRecord().toByteArray();
        body[body.length / 2] ^= 0x20;
        third.put(
                "sealed",
                Base64.getEncoder()
                        .encodeToString(s.toBuilder()
                                .setRecord(ByteString.copyFrom(body))
                                .build()
                                .toByteArray()));
        Path bad = clean.resolve("record-flipped.json");
        Files.write(bad, json.writeValueAsBytes(flipped));
        CliNode.Run r = CliNode.run("audit", "verify-package", bad.toString());
        assertThat(r.exit()).isEqualTo(1);
        long seq3 = third.get("sequence").asLong();
        assertThat(r.out()).contains("BROKEN at record " + seq3 + ": HASH_MISMATCH");

        // A byte of the last checkpoint's signature flipped.
        ObjectNode sig = root.deepCopy();
        ObjectNode last = (ObjectNode) sig.get("records").get(records.size() - 1);
        SealedAuditRecord ls = SealedAuditRecord.parseFrom(
                Base64.getDecoder().decode(last.get("sealed").asText()));
        AuditRecord lr = AuditRecord.parseFrom(ls.getRecord());
        assertThat(lr.getKind()).isEqualTo(AuditKind.AUDIT_KIND_CHECKPOINT);
        byte[] signature = lr.getCheckpoint().getSignature().toByteArray();
        signature[10] ^= 0x01;
        AuditRecord forged = lr.toBuilder()
                .setCheckpoint(lr.getCheckpoint().toBuilder().setSignature(ByteString.copyFrom(signature)))
                .build();
        last.put("sealed", Base64.getEncoder().encodeToString(AuditTamper.seal(forged)));
        Path badSig = clean.resolve("signature-flipped.json");
        Files.write(badSig, json.writeValueAsBytes(sig));
        r = CliNode.run("audit", "verify-package", badSig.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at record " + lr.getSequence() + ": BAD_SIGNATURE");

        // Any single byte of the record data in the file (base64 text) changed.
        String text = Files.readString(copy);
        int at = text.indexOf("\"sealed\"", text.indexOf("\"sealed\"") + 1) + 20;
        char c = text.charAt(at);
        String changed = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
        Path raw = clean.resolve("raw-byte.json");
        Files.writeString(raw, changed);
        r = CliNode.run("audit", "verify-package", raw.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("BROKEN at record");

        // A record dropped from the middle.
        ObjectNode dropped = root.deepCopy();
        ((ArrayNode) dropped.get("records")).remove(3);
        Path gap = clean.resolve("dropped.json");
        Files.write(gap, json.writeValueAsBytes(dropped));
        r = CliNode.run("audit", "verify-package", gap.toString());
        assertThat(r.out()).contains("GAP");
    }

    @Test
    void checkpointsSignedBeforeAndAfterARotationBothVerify() throws Exception {
        CliNode n = node(dir.resolve("th"));
        traffic(n, 6);
        n.cli("cert", "rotate", "--validity", "10d").ok();
        traffic(n, 6);
        List<String> signers;
        try (var it = n.node().store().newIterator(ColumnFamily.AUDIT)) {
            signers = new ArrayList<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord rec = AuditTamper.record(it.value());
                if (rec.getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                    signers.add(rec.getCheckpoint().getSignerFingerprint());
                }
            }
        }
        assertThat(signers.stream().distinct().count())
                .as("checkpoints by the old and the new certificate")
                .isEqualTo(2);
        assertThat(verify(n).ok().out()).startsWith("INTACT:");
        Path pkg = dir.resolve("p.json");
        n.cli("audit", "export", "--from", "2000-01-01", "--to", "2100-01-01", "-o", pkg.toString())
                .ok();
        n.close();
        assertThat(CliNode.run("audit", "verify-package", pkg.toString()).ok().out())
                .contains("INTACT:");
    }

    /** Concurrent appends (group commit), then the storage figure for docs/audit.md. */
    @Test
    void concurrentAppendsStayChainedAndStorageGrowthIsMeasured() throws Exception {
        CliNode n = CliNode.init(dir.resolve("th"), "TH-CCIB").start(); // default audit settings: checkpoint every 1000
        RocksAuditLog log = n.node().audit();
        int threads = 8;
        int each = 2_500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int tn = t;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    // The shape of a typical LOOKUP_ANSWERED record: one value asked, one disclosed hit.
                    log.append(
                            AuditKind.AUDIT_KIND_LOOKUP_ANSWERED,
                            "MY-PDRM",
                            "req-" + tn + "-" + i + "-7f3c9a2e-1b44",
                            AuditLog.details(
                                    "request_id",
                                    "7f3c9a2e-1b44-4d0e-9a61-" + tn + "-" + i,
                                    "purpose",
                                    "case_reference: \"MY-2026-" + i
                                            + "\" legal_basis: LEGAL_BASIS_MLA analyst: \"spiffe://jaring/MY-PDRM/analyst/aisyah\"",
                                    "values",
                                    "INDICATOR_TYPE_DOMAIN asean-parcel-redelivery-" + i + ".com",
                                    "disclosed",
                                    "0: 1 hits",
                                    "disclosed_hits",
                                    "1"));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        RocksStore store = n.node().store();
        VerifyAuditResponse r = AuditAdministration.verifyStore(
                store,
                "TH-CCIB",
                n.node().trust().snapshot().ownCa(),
                n.node().trust().snapshot()::isRevoked);
        assertThat(r.getIntact()).as(r.toString()).isTrue();
        long appended = (long) threads * each;
        assertThat(r.getRecords()).isGreaterThan(appended);
        store.db().flush(new FlushOptions().setWaitForFlush(true), store.handle(ColumnFamily.AUDIT));
        store.db().compactRange(store.handle(ColumnFamily.AUDIT));
        long sst = Long.parseLong(
                store.db().getProperty(store.handle(ColumnFamily.AUDIT), "rocksdb.total-sst-files-size"));
        long raw = 0;
        try (var it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                raw += it.key().length + it.value().length;
            }
        }
        System.out.printf(
                "AUDIT STORAGE: %d records (%d checkpoints) in %.1f s (%.0f/s, 8 threads); raw %d B (%.0f B/record),"
                        + " on disk (LZ4 SST) %d B = %.1f MB per million records%n",
                r.getRecords(),
                r.getCheckpoints(),
                seconds,
                appended / seconds,
                raw,
                (double) raw / r.getRecords(),
                sst,
                sst * 1e6 / r.getRecords() / 1e6);
        n.close();
    }
}
