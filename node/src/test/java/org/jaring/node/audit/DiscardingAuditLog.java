package org.jaring.node.audit;

import java.util.List;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;

/** An audit log that keeps nothing, for tests of components whose records are not what the test is about. */
public final class DiscardingAuditLog implements AuditLog {
    public static final AuditLog INSTANCE = new DiscardingAuditLog();

    private DiscardingAuditLog() {}

    @Override
    public void append(AuditKind kind, String actor, String subject, List<AuditDetail> details) {}

    @Override
    public boolean keepsRecords() {
        return false;
    }
}
