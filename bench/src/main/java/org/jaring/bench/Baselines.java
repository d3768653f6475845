package org.jaring.bench;

import java.util.List;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.signing.AnswerSealer;
import org.jaring.v1.AuditDetail;
import org.jaring.v1.AuditKind;

/**
 * The collaborators that price security in one run: an answer sealed without a signature and an audit log that
 * keeps nothing. They live here, in the benchmark module, and nowhere in the node.
 */
final class Baselines {
    /** The answer as bytes, bound to nothing and signed by no one. */
    static final AnswerSealer UNSIGNED =
            (requestHash, response) -> response.build().toByteArray();

    /** Keeps nothing, and tells the hooks so, so that they do not build records to drop. */
    static final AuditLog DISCARDING = new AuditLog() {
        @Override
        public void append(AuditKind kind, String actor, String subject, List<AuditDetail> details) {}

        @Override
        public boolean keepsRecords() {
            return false;
        }
    };

    private Baselines() {}
}
