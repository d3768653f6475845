package org.jaring.node.audit;

import com.google.protobuf.UnsafeByteOperations;
import java.util.ArrayList;
import java.util.List;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;

/**
 * Where components write what happened, one line per hook. An implementation returns only once the record is
 * durable. Components take their log as a constructor argument that cannot be null. The node's one implementation
 * is {@link RocksAuditLog}; a log that drops records exists only in test and benchmark code (the architecture test
 * refuses another implementing class in the node).
 */
@FunctionalInterface
public interface AuditLog {

    void append(AuditKind kind, String actor, String subject, List<AuditDetail> details);

    /**
     * Like {@link #append} but returns once the record is in the write-ahead log, before it is synced: a crash
     * of the process loses nothing, a power loss only records of the last moments (docs/audit.md, "Durability").
     * For the lookup paths, which record every call and would otherwise pay an fsync each.
     */
    default void appendWritten(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        append(kind, actor, subject, details);
    }

    /**
     * Like {@link #append} but returns before the record is on disk (it is written within milliseconds, in
     * order). For callers that must not block on disk, such as TLS handshakes on network threads, and that
     * acknowledge nothing to anyone.
     */
    default void appendNoWait(AuditKind kind, String actor, String subject, List<AuditDetail> details) {
        append(kind, actor, subject, details);
    }

    /**
     * False only for the discarding logs of tests and benchmarks: the hooks then skip building records of a
     * thousand details that would be dropped, so a baseline measures the lookup alone.
     */
    default boolean keepsRecords() {
        return true;
    }

    /** {@code keyValues} alternate key, value, key, value ...; a null value is stored as empty. */
    default void record(AuditKind kind, String actor, String subject, String... keyValues) {
        append(kind, actor, subject, details(keyValues));
    }

    static List<AuditDetail> details(String... keyValues) {
        List<AuditDetail> out = new ArrayList<>(keyValues.length / 2);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            out.add(detail(keyValues[i], keyValues[i + 1]));
        }
        return out;
    }

    static AuditDetail detail(String key, String value) {
        return AuditDetail.newBuilder()
                .setKey(key)
                .setValue(value == null ? "" : value)
                .build();
    }

    /**
     * A detail holding evidence as received: a serialized signed message, or its deflated bytes. The array is
     * taken over, not copied (an answer of 1,000 values is some 150 KB): callers hand over bytes nobody changes.
     */
    static AuditDetail detail(String key, byte[] data) {
        return AuditDetail.newBuilder()
                .setKey(key)
                .setData(UnsafeByteOperations.unsafeWrap(data))
                .build();
    }
}
