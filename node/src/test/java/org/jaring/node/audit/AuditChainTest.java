package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.ReadOnlyStore;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.jaring.v1.VerifyAuditResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole-chain check as an adversary with write access to the data folder (but not the node key) meets it: a
 * start cut behind a retention record no checkpoint signs, a cut tail, a rewritten tail, a newest record swapped
 * with an older one. Each is reported with its sequence numbers, the node refuses to open a broken chain for
 * writing, and it never writes over a record that is there.
 */
class AuditChainTest {
    private static final String NODE = "TH-CCIB";

    @TempDir
    Path dir;

    private final AuditRetentionTest.MovingClock clock =
            new AuditRetentionTest.MovingClock(Instant.parse("2020-01-01T00:00:00Z"));
    private final NationalCa ca = NationalCa.create(NodeId.of(NODE), Duration.ofDays(3650), clock);
    private final KeySource keys = KeySource.of(ca.issueNode(Duration.ofDays(3000)));
    private final AuditSettings settings =
            new AuditSettings(10, Duration.ofDays(1), Duration.ofDays(365), Duration.ofDays(1));

    private RocksStore open() {
        return RocksStore.open(dir.resolve("data"), NODE, StoreSettings.defaults());
    }

    /** {@code n} records and a clean stop (which ends the chain with a signed checkpoint). */
    private void write(RocksStore store, int n) {
        RocksAuditLog log = new RocksAuditLog(store, keys, NODE, clock, settings, witness());
        for (int i = 0; i < n; i++) {
            log.record(AuditKind.AUDIT_KIND_ADMIN_ACTION, "urn:jaring:admin:TH-CCIB:root", "event " + i);
            clock.advance(Duration.ofMinutes(1));
        }
        log.close();
    }

    private AuditWitness witness() {
        return AuditWitness.beside(dir.resolve("data"));
    }

    /** What the witness holds after a crash just before the checkpoint after {@code sequence}. */
    private void witnessAsAfterACrash(RocksStore store, long sequence) throws Exception {
        byte[] hash = SealedAuditRecord.parseFrom(snapshot(store).get(sequence))
                .getHash()
                .toByteArray();
        witness().write(NODE, sequence, hash);
    }

    /** The start-up check as the node runs it on this test's folder, with its witness. */
    private VerifyAuditResponse requireIntact(RocksStore store) {
        return AuditChain.requireIntact(
                store, NODE, ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN, dir.resolve("data"), witness());
    }

    private VerifyAuditResponse verify(RocksStore store) {
        return AuditAdministration.verifyStore(store, NODE, ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN);
    }

    private static NavigableMap<Long, byte[]> snapshot(RocksStore store) {
        TreeMap<Long, byte[]> all = new TreeMap<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                all.put(java.nio.ByteBuffer.wrap(it.key()).getLong(), it.value());
            }
        }
        return all;
    }

    private static AuditRecord record(byte[] sealed) throws Exception {
        return AuditRecord.parseFrom(SealedAuditRecord.parseFrom(sealed).getRecord());
    }

    private static byte[] seal(AuditRecord r) {
        byte[] body = r.toByteArray();
        return SealedAuditRecord.newBuilder()
                .setRecord(ByteString.copyFrom(body))
                .setHash(ByteString.copyFrom(AuditCrypto.hash(r.getPrevHash().toByteArray(), body)))
                .build()
                .toByteArray();
    }

    private static void put(RocksStore store, long seq, byte[] value) throws Exception {
        store.db().put(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(seq), value);
    }

    private static void delete(RocksStore store, long seq) throws Exception {
        store.db().delete(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(seq));
    }

    private static List<Long> checkpoints(RocksStore store) throws Exception {
        List<Long> out = new ArrayList<>();
        for (var e : snapshot(store).entrySet()) {
            if (record(e.getValue()).getKind() == AuditKind.AUDIT_KIND_CHECKPOINT) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /**
     * The attack that succeeded before: append a RETENTION record to the unsigned tail announcing a cut up to a
     * checkpoint, delete everything before that checkpoint and point the anchor at it. Without a signed checkpoint
     * after the announcement it announces nothing.
     */
    @Test
    void aCutStartBehindARetentionRecordNoCheckpointSignsIsRefused() throws Exception {
        try (RocksStore store = open()) {
            write(store, 36);
            NavigableMap<Long, byte[]> all = snapshot(store);
            long last = all.lastKey();
            long anchor = checkpoints(store).get(2);
            AuditRecord forged = AuditRecord.newBuilder()
                    .setSequence(last + 1)
                    .setTime(record(all.get(last)).getTime())
                    .setKind(AuditKind.AUDIT_KIND_RETENTION)
                    .setActor(NODE)
                    .setSubject("records 1.." + (anchor - 1))
                    .addDetails(AuditDetail.newBuilder()
                            .setKey(AuditRetention.ANCHOR_DETAIL)
                            .setValue(Long.toString(anchor)))
                    .setPrevHash(SealedAuditRecord.parseFrom(all.get(last)).getHash())
                    .build();
            put(store, last + 1, seal(forged));
            store.db().deleteRange(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(1), RocksAuditLog.key(anchor));
            store.db().put(store.handle(ColumnFamily.META), AuditRetention.ANCHOR_KEY, RocksAuditLog.key(anchor));

            VerifyAuditResponse r = verify(store);
            assertThat(r.getIntact()).as(r.toString()).isFalse();
            assertThat(r.getProblem()).isEqualTo("BAD_ANCHOR");
            assertThat(r.getBrokenSequence()).isEqualTo(anchor);
            assertThat(r.getDetail())
                    .contains("records before " + anchor + " are gone")
                    .contains("record " + (last + 1) + ") is not covered by a signed checkpoint");
            assertThatIllegalStateException()
                    .isThrownBy(() -> requireIntact(store))
                    .withMessageContaining("broken at record " + anchor + ": BAD_ANCHOR")
                    .withMessageContaining("does not start")
                    .withMessageContaining("jaring audit verify --data " + dir.resolve("data"));
        }
    }

    @Test
    void aNewestRecordSwappedWithAnOlderOneIsRefusedAndNothingIsWrittenOver() throws Exception {
        try (RocksStore store = open()) {
            write(store, 25);
            long last = snapshot(store).lastKey();
            byte[] newest = snapshot(store).get(last);
            byte[] older = snapshot(store).get(last - 3);
            put(store, last, older);
            put(store, last - 3, newest);
            NavigableMap<Long, byte[]> before = snapshot(store);

            assertThatIllegalStateException()
                    .isThrownBy(() -> requireIntact(store))
                    .withMessageContaining("broken at record " + (last - 3) + ": OUT_OF_PLACE");
            // Even opened without the check, the log numbers on from the highest key, never from the record.
            assertThatIllegalStateException()
                    .isThrownBy(() -> new RocksAuditLog(store, keys, NODE, clock, settings, witness()))
                    .withMessageContaining("stored as " + last + ", says it is record " + (last - 3))
                    .withMessageContaining("does not write over them")
                    .withMessageContaining("jaring audit verify --data");

            NavigableMap<Long, byte[]> after = snapshot(store);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((k, v) -> assertThat(after.get(k)).as("record " + k).isEqualTo(v));
        }
    }

    @Test
    void aCutTailIsReportedWithItsRangeAndRecordedWhenTheLogOpens() throws Exception {
        try (RocksStore store = open()) {
            write(store, 27);
            long last = snapshot(store).lastKey();
            assertThat(AuditChain.unsignedTail(verify(store)))
                    .as("a clean stop ends signed")
                    .isEmpty();
            // The final checkpoint and the record before it are cut.
            delete(store, last);
            delete(store, last - 1);
            long lastSigned = checkpoints(store).get(checkpoints(store).size() - 1);
            // As a crash before the final checkpoint leaves it: the witness names the last checkpoint still there.
            witnessAsAfterACrash(store, lastSigned);
            VerifyAuditResponse r = verify(store);
            assertThat(r.getIntact()).isTrue();
            String tail = (lastSigned + 1) + ".." + (last - 2);
            assertThat(AuditChain.unsignedTail(r)).isEqualTo(tail);

            VerifyAuditResponse checked = requireIntact(store);
            RocksAuditLog log = new RocksAuditLog(store, keys, NODE, clock, settings, witness());
            AuditChain.recordOpened(log, checked, 1);
            log.close();
            AuditRecord opened = record(snapshot(store).get(last - 1));
            assertThat(opened.getKind()).isEqualTo(AuditKind.AUDIT_KIND_LOG_OPENED);
            assertThat(opened.getDetailsList())
                    .contains(AuditLog.detail("unsigned_at_open", tail))
                    .contains(AuditLog.detail("last_signed", Long.toString(lastSigned)));
            assertThat(record(snapshot(store).get(last)).getKind())
                    .as("the start record is signed at once")
                    .isEqualTo(AuditKind.AUDIT_KIND_CHECKPOINT);
            assertThat(verify(store).getIntact()).isTrue();
        }
    }

    /**
     * The one cut the chain cannot show: everything after an earlier signed checkpoint removed, so the log ends
     * signed. The witness beside the data folder names the checkpoint the node signed last; start-up and the
     * offline check refuse the folder, and nothing is written to it.
     */
    @Test
    void aTailCutBackToASignedCheckpointIsRefusedAtStartAndOffline() throws Exception {
        try (RocksStore store = open()) {
            write(store, 33);
            List<Long> signed = checkpoints(store);
            long last = snapshot(store).lastKey();
            long cutTo = signed.get(signed.size() - 3); // the third-newest checkpoint record
            for (long s = cutTo + 1; s <= last; s++) {
                delete(store, s);
            }
            VerifyAuditResponse chainAlone = verify(store);
            assertThat(chainAlone.getIntact()).as("the chain alone verifies").isTrue();
            assertThat(AuditChain.unsignedTail(chainAlone))
                    .as("and ends signed")
                    .isEmpty();
            NavigableMap<Long, byte[]> before = snapshot(store);

            assertThatIllegalStateException()
                    .isThrownBy(() -> requireIntact(store))
                    .withMessageContaining("broken at record " + last + ": CUT_TAIL")
                    .withMessageContaining("the log ends at record " + cutTo)
                    .withMessageContaining("cut from the end")
                    .withMessageContaining("jaring audit verify --data");
            assertThat(snapshot(store).keySet()).isEqualTo(before.keySet());
        }
        try (ReadOnlyStore folder = ReadOnlyStore.open(dir.resolve("data"))) {
            VerifyAuditResponse offline = AuditChain.verifyFolder(
                    folder, NODE, ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN, witness());
            assertThat(offline.getIntact()).isFalse();
            assertThat(offline.getProblem()).isEqualTo("CUT_TAIL");
        }
    }

    /** A restored home has no witness: the node starts, says so, and the next checkpoint writes a new one. */
    @Test
    void aMissingWitnessIsWrittenAgainAndAnUnreadableOneIsRefused() throws Exception {
        try (RocksStore store = open()) {
            write(store, 12);
            Files.delete(witness().file());
            VerifyAuditResponse checked = requireIntact(store);
            RocksAuditLog log = new RocksAuditLog(store, keys, NODE, clock, settings, witness());
            AuditChain.recordOpened(log, checked, 1);
            log.close();
            assertThat(witness().read())
                    .map(AuditWitness.Head::sequence)
                    .contains(snapshot(store).lastKey());

            Files.writeString(witness().file(), "jaring-audit-head 1 TH-CCIB 12 not-a-hash\n");
            assertThatIllegalStateException()
                    .isThrownBy(() -> requireIntact(store))
                    .withMessageContaining("is not 'jaring-audit-head 1 NODE_ID SEQUENCE SHA256_HEX'");
        }
    }

    @Test
    void aRewrittenTailIsRefusedWithTheRecordItStartsAt() throws Exception {
        try (RocksStore store = open()) {
            write(store, 23);
            long last = snapshot(store).lastKey();
            // The newest record with one byte changed: it used to keep the node from starting with no way to
            // inspect the folder; now the check names it.
            byte[] changed = snapshot(store).get(last - 1).clone();
            changed[changed.length - 40] ^= 1;
            put(store, last - 1, changed);
            assertThatIllegalStateException()
                    .isThrownBy(() -> requireIntact(store))
                    .withMessageContaining("broken at record " + (last - 1) + ": ");
        }
    }

    /** A tail rewritten with every hash recomputed but the final checkpoint dropped shows as an unsigned tail. */
    @Test
    void aRechainedTailWithoutItsCheckpointIsAnUnsignedTail() throws Exception {
        try (RocksStore store = open()) {
            write(store, 23);
            long last = snapshot(store).lastKey();
            delete(store, last);
            long from = checkpoints(store).get(checkpoints(store).size() - 1) + 1;
            byte[] prev = SealedAuditRecord.parseFrom(snapshot(store).get(from - 1))
                    .getHash()
                    .toByteArray();
            for (long s = from; s < last; s++) {
                AuditRecord r = record(snapshot(store).get(s)).toBuilder()
                        .setSubject("rewritten")
                        .setPrevHash(ByteString.copyFrom(prev))
                        .build();
                byte[] v = seal(r);
                put(store, s, v);
                prev = SealedAuditRecord.parseFrom(v).getHash().toByteArray();
            }
            VerifyAuditResponse r = verify(store);
            assertThat(r.getIntact()).isTrue();
            assertThat(AuditChain.unsignedTail(r)).isEqualTo(from + ".." + (last - 1));
        }
    }

    /**
     * Seeded: one random change of the kinds an adversary without the key can make anywhere but the unsigned tail
     * (a byte flipped, a record deleted, two records swapped) is always found, at or before the changed record,
     * both on the open store and offline on the folder opened read-only.
     */
    @Test
    void anyOneChangeInsideTheSignedChainIsFound() throws Exception {
        long seed = Long.getLong("jaring.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 12; round++) {
            Path data = dir.resolve("round-" + round);
            long changedAt;
            String what;
            try (RocksStore store = RocksStore.open(data, NODE, StoreSettings.defaults())) {
                RocksAuditLog log = new RocksAuditLog(store, keys, NODE, clock, settings, AuditWitness.beside(data));
                for (int i = 0; i < 15 + random.nextInt(30); i++) {
                    log.record(AuditKind.AUDIT_KIND_ADMIN_ACTION, "urn:jaring:admin:TH-CCIB:root", "e" + i);
                }
                log.close();
                NavigableMap<Long, byte[]> all = snapshot(store);
                long last = all.lastKey();
                changedAt = 1L + random.nextInt((int) last - 1); // never the final checkpoint itself
                int kind = random.nextInt(3);
                if (kind == 0) {
                    byte[] v = all.get(changedAt).clone();
                    v[random.nextInt(v.length)] ^= (byte) (1 + random.nextInt(255));
                    put(store, changedAt, v);
                    what = "byte flipped in " + changedAt;
                } else if (kind == 1) {
                    delete(store, changedAt);
                    what = "deleted " + changedAt;
                } else {
                    long other = changedAt + 1 + random.nextInt((int) (last - changedAt));
                    put(store, changedAt, all.get(other));
                    put(store, other, all.get(changedAt));
                    what = "swapped " + changedAt + " and " + other;
                }
                VerifyAuditResponse r = verify(store);
                assertThat(r.getIntact()).as("seed %d: %s", seed, what).isFalse();
                assertThat(r.getBrokenSequence()).as("seed %d: %s", seed, what).isBetween(1L, changedAt);
            }
            try (ReadOnlyStore folder = ReadOnlyStore.open(data)) {
                VerifyAuditResponse offline = AuditChain.verifyFolder(
                        folder,
                        NODE,
                        ca.certificate(),
                        TrustVerifier.Revocations.NONE_KNOWN,
                        AuditWitness.beside(data));
                assertThat(offline.getIntact())
                        .as("seed %d offline: %s", seed, what)
                        .isFalse();
                assertThat(offline.getBrokenSequence()).isBetween(1L, changedAt);
            }
        }
    }

    @Test
    void anIntactFolderVerifiesOfflineWithoutBeingChanged() throws Exception {
        try (RocksStore store = open()) {
            write(store, 12);
        }
        NavigableMap<Long, byte[]> before;
        try (RocksStore store = open()) {
            before = snapshot(store);
        }
        try (ReadOnlyStore folder = ReadOnlyStore.open(dir.resolve("data"))) {
            VerifyAuditResponse r = AuditChain.verifyFolder(
                    folder, NODE, ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN, witness());
            assertThat(r.getIntact()).as(r.toString()).isTrue();
            assertThat(r.getLastCheckpointed()).isEqualTo(r.getLastSequence());
        }
        try (RocksStore store = open()) {
            NavigableMap<Long, byte[]> after = snapshot(store);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((k, v) -> assertThat(Arrays.equals(after.get(k), v)).isTrue());
        }
        assertThatIllegalStateException()
                .isThrownBy(() -> ReadOnlyStore.open(dir.resolve("nothing-here")))
                .withMessageContaining("is not a node's data folder");
    }
}
