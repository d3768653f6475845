package org.jaring.node;

import java.util.ArrayList;
import java.util.List;
import org.jaring.node.store.ColumnFamily;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;

/** What a running node's audit log holds, read straight from its store, for tests that check what was recorded. */
public final class AuditRecords {
    private AuditRecords() {}

    /** Every record of {@code kind}, oldest first. */
    public static List<AuditRecord> of(RunningNode node, AuditKind kind) throws Exception {
        List<AuditRecord> out = new ArrayList<>();
        try (var it = node.node.store().newIterator(ColumnFamily.AUDIT)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                AuditRecord rec = AuditRecord.parseFrom(
                        SealedAuditRecord.parseFrom(it.value()).getRecord());
                if (rec.getKind() == kind) {
                    out.add(rec);
                }
            }
        }
        return out;
    }
}
