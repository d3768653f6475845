package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.SealedAuditRecord;
import org.junit.jupiter.api.Test;

/**
 * What an export picks when other calls keep appending while it reads: records written after the export's own
 * checkpoint have times inside [from, to] as well, and no signature covers them yet. A package that held them
 * failed its own verification ("records after N are not covered by a signature"), seen under load in the CLI's
 * export tests.
 */
class AuditPackageSelectTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private static AuditPackage.Entry entry(long sequence, AuditKind kind, Instant time) {
        AuditRecord record = AuditRecord.newBuilder()
                .setSequence(sequence)
                .setKind(kind)
                .setTime(Timestamps.fromMillis(time.toEpochMilli()))
                .build();
        byte[] sealed = SealedAuditRecord.newBuilder()
                .setRecord(record.toByteString())
                .build()
                .toByteArray();
        return new AuditPackage.Entry(sequence, sealed);
    }

    /** Records 1..3, the export's checkpoint at 4, then two records appended while the export reads. */
    private static List<AuditPackage.Entry> logWithRecordsAfterTheExportsCheckpoint() {
        List<AuditPackage.Entry> all = new ArrayList<>();
        for (long s = 1; s <= 3; s++) {
            all.add(entry(s, AuditKind.AUDIT_KIND_ADMIN_ACTION, T));
        }
        all.add(entry(4, AuditKind.AUDIT_KIND_CHECKPOINT, T));
        all.add(entry(5, AuditKind.AUDIT_KIND_LOOKUP_ANSWERED, T));
        all.add(entry(6, AuditKind.AUDIT_KIND_ADMIN_ACTION, T));
        return all;
    }

    @Test
    void recordsAppendedAfterTheExportsCheckpointAreLeftOut() throws Exception {
        List<AuditPackage.Entry> chosen = AuditPackage.select(
                logWithRecordsAfterTheExportsCheckpoint(), T.minusSeconds(60), T.plusSeconds(60), 4);

        assertThat(chosen).extracting(AuditPackage.Entry::sequence).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void withoutTheBoundTheSameLogEndsUnsigned() throws Exception {
        // Shows what the bound is for: read to the end, the selection ends on records no checkpoint covers.
        List<AuditPackage.Entry> chosen = AuditPackage.select(
                logWithRecordsAfterTheExportsCheckpoint(), T.minusSeconds(60), T.plusSeconds(60), Long.MAX_VALUE);

        assertThat(chosen).extracting(AuditPackage.Entry::sequence).endsWith(5L, 6L);
    }

    @Test
    void anEarlierWindowStillClosesAtTheNextCheckpoint() throws Exception {
        List<AuditPackage.Entry> all = new ArrayList<>();
        all.add(entry(1, AuditKind.AUDIT_KIND_ADMIN_ACTION, T));
        all.add(entry(2, AuditKind.AUDIT_KIND_ADMIN_ACTION, T.plusSeconds(3600)));
        all.add(entry(3, AuditKind.AUDIT_KIND_CHECKPOINT, T.plusSeconds(3600)));
        all.add(entry(4, AuditKind.AUDIT_KIND_ADMIN_ACTION, T.plusSeconds(7200)));
        all.add(entry(5, AuditKind.AUDIT_KIND_CHECKPOINT, T.plusSeconds(7200)));

        List<AuditPackage.Entry> chosen = AuditPackage.select(all, T.minusSeconds(60), T.plusSeconds(60), 5);

        assertThat(chosen).extracting(AuditPackage.Entry::sequence).containsExactly(1L, 2L, 3L);
    }
}
