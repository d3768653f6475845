package org.jaring.cli;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.node.audit.AuditCrypto;
import org.jaring.node.audit.RocksAuditLog;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;

/**
 * Test-only: opens a stopped node's data folder directly and changes stored audit records the way an
 * attacker with disk access could.
 */
final class AuditTamper implements AutoCloseable {
    final RocksStore store;
    private final NodeConfig config;

    AuditTamper(Path config) {
        this.config = NodeConfigLoader.load(config);
        this.store = RocksStore.open(this.config.dataDir(), this.config.nodeId(), this.config.store());
    }

    /**
     * Writes the head witness as a node that crashed just after checkpoint {@code seq} leaves it (docs/audit.md,
     * "The head witness": one line beside the data folder).
     */
    void witnessAsAfterACrashAt(long seq) throws Exception {
        String hash = HexFormat.of()
                .formatHex(SealedAuditRecord.parseFrom(get(seq)).getHash().toByteArray());
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        Files.writeString(
                dataDir.resolveSibling(dataDir.getFileName() + ".audit-head"),
                "jaring-audit-head 1 " + config.nodeId() + " " + seq + " " + hash + "\n");
    }

    byte[] get(long seq) throws Exception {
        return store.get(ColumnFamily.AUDIT, RocksAuditLog.key(seq));
    }

    void put(long seq, byte[] value) throws Exception {
        store.db().put(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(seq), value);
    }

    void delete(long seq) throws Exception {
        store.db().delete(store.handle(ColumnFamily.AUDIT), RocksAuditLog.key(seq));
    }

    static AuditRecord record(byte[] sealed) throws Exception {
        return AuditRecord.parseFrom(SealedAuditRecord.parseFrom(sealed).getRecord());
    }

    List<Long> sequences(AuditKind kind) throws Exception {
        List<Long> out = new ArrayList<>();
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (record(it.value()).getKind() == kind) {
                    out.add(record(it.value()).getSequence());
                }
            }
        }
        return out;
    }

    long last() throws Exception {
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            it.seekToLast();
            return record(it.value()).getSequence();
        }
    }

    /** The highest key present, whatever the record stored there says of itself. */
    long lastKey() {
        try (StoreIterator it = store.newIterator(ColumnFamily.AUDIT)) {
            it.seekToLast();
            return ByteBuffer.wrap(it.key()).getLong();
        }
    }

    static byte[] seal(AuditRecord r) {
        byte[] body = r.toByteArray();
        return SealedAuditRecord.newBuilder()
                .setRecord(ByteString.copyFrom(body))
                .setHash(ByteString.copyFrom(AuditCrypto.hash(r.getPrevHash().toByteArray(), body)))
                .build()
                .toByteArray();
    }

    /**
     * The clever attacker: replaces checkpoint {@code seq}'s signature with one by a key of their own and
     * recomputes every hash and link from there on, so that only signatures can give it away.
     */
    void forgeCheckpointAndRechain(long seq) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var forger = g.generateKeyPair().getPrivate();
        AuditRecord cp = record(get(seq));
        byte[] forged = AuditCrypto.sign(
                forger,
                AuditCrypto.checkpointSignedBytes(
                        cp.getCheckpoint().getNodeId(),
                        cp.getCheckpoint().getCoversSequence(),
                        cp.getCheckpoint().getHeadHash().toByteArray()));
        AuditRecord changed = cp.toBuilder()
                .setCheckpoint(cp.getCheckpoint().toBuilder().setSignature(ByteString.copyFrom(forged)))
                .build();
        byte[] sealed = seal(changed);
        put(seq, sealed);
        byte[] prev = SealedAuditRecord.parseFrom(sealed).getHash().toByteArray();
        for (long s = seq + 1; s <= last(); s++) {
            AuditRecord r = record(get(s)).toBuilder()
                    .setPrevHash(ByteString.copyFrom(prev))
                    .build();
            byte[] v = seal(r);
            put(s, v);
            prev = SealedAuditRecord.parseFrom(v).getHash().toByteArray();
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
