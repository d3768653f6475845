package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.VerifyAuditResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's audit log on RocksDB, checkpointed with one key or another, verified as the node verifies its own log:
 * only checkpoints signed by the node certificate verify. Before the one signer rule, any certificate the national
 * CA issued (an analyst's, an admin's, the CA's own) signed checkpoints that verified.
 */
class CheckpointSignerTest {
    private static final String TH = "TH-CCIB";

    @TempDir
    Path dir;

    private final NationalCa ca = NationalCa.create(NodeId.of(TH));
    private final AuditSettings settings =
            new AuditSettings(5, Duration.ofDays(1), Duration.ofDays(365 * 7), Duration.ofDays(1));

    private VerifyAuditResponse logSignedBy(String name, KeySource keys, TrustVerifier.Revocations revocations)
            throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve(name), TH, StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store, keys, TH, Clock.systemUTC(), settings, AuditWitness.beside(dir.resolve(name)));
            for (int i = 0; i < 12; i++) {
                log.record(AuditKind.AUDIT_KIND_ADMIN_ACTION, "urn:jaring:admin:TH-CCIB:root", "event", "n", "" + i);
            }
            log.checkpoint(false);
            return AuditAdministration.verifyStore(store, TH, ca.certificate(), revocations);
        }
    }

    @Test
    void onlyTheNodeCertificateSignsCheckpoints() throws Exception {
        TrustVerifier.Revocations none = TrustVerifier.Revocations.NONE_KNOWN;
        KeySource node = KeySource.of(ca.issueNode(Duration.ofDays(1)));
        VerifyAuditResponse good = logSignedBy("node", node, none);
        assertThat(good.getIntact()).as(good.toString()).isTrue();
        assertThat(good.getCheckpoints()).isPositive();

        VerifyAuditResponse analyst =
                logSignedBy("analyst", KeySource.of(ca.issueAnalyst("eve", Duration.ofDays(1))), none);
        assertThat(analyst.getProblem()).isEqualTo("BAD_SIGNATURE");
        assertThat(analyst.getDetail()).contains("ROLE_NOT_ALLOWED: ANALYST");

        VerifyAuditResponse admin = logSignedBy("admin", KeySource.of(ca.issueAdmin("root", Duration.ofDays(1))), none);
        assertThat(admin.getProblem()).isEqualTo("BAD_SIGNATURE");
        assertThat(admin.getDetail()).contains("ROLE_NOT_ALLOWED: ADMIN");

        VerifyAuditResponse byCa = logSignedBy("ca", new KeySource(ca.privateKey(), ca.certificate()), none);
        assertThat(byCa.getProblem()).isEqualTo("BAD_SIGNATURE");
        assertThat(byCa.getDetail()).contains("NOT_END_ENTITY");

        NationalCa other = NationalCa.create(NodeId.of("SG-SPF"));
        VerifyAuditResponse foreign = logSignedBy(
                "foreign",
                KeySource.of(other.issueCustom(
                        List.of("urn:jaring:node:" + TH), EnumSet.allOf(NationalCa.Usage.class), Duration.ofDays(1))),
                none);
        assertThat(foreign.getProblem()).isEqualTo("BAD_SIGNATURE");
        assertThat(foreign.getDetail()).contains("BAD_CHAIN");

        VerifyAuditResponse revoked = logSignedBy(
                "revoked",
                node,
                (issuer, serial, fp) -> serial.equals(node.current().leaf().getSerialNumber()));
        assertThat(revoked.getProblem()).isEqualTo("BAD_SIGNATURE");
        assertThat(revoked.getDetail()).contains("REVOKED");
    }
}
