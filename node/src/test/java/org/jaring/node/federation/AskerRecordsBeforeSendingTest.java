package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.node.RunningNode;
import org.jaring.node.store.DisclosureTable;
import org.jaring.v1.AuditKind;
import org.jaring.v1.AuditRecord;
import org.jaring.v1.Disclosure;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The asking side's record of a federated lookup (who asked what, why, of whom) exists before the request leaves:
 * the peer, on receiving it, finds the asker's disclosure rows and audit record already written. If they cannot be
 * written the lookup stops and nothing reaches any peer.
 */
class AskerRecordsBeforeSendingTest {
    @TempDir
    Path dir;

    @Test
    void theAuditRecordAndDisclosureRowsAreWrittenBeforeTheRequestLeavesAndTheirFailureStopsIt() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h, batch_items: 50}\n");
                HostileLookupPeer id = new HostileLookupPeer(dir.resolve("id"), "ID-POLRI", th)) {
            // What the asker had on record at the moment its request reached the peer.
            AtomicReference<List<AuditRecord>> auditAtArrival = new AtomicReference<>();
            AtomicReference<List<Disclosure>> rowsAtArrival = new AtomicReference<>();
            AtomicReference<PeerLookupRequest> arrived = new AtomicReference<>();
            id.onReceive(request -> {
                arrived.set(request.message());
                try {
                    auditAtArrival.set(HostilePeerAnswerTest.records(th, AuditKind.AUDIT_KIND_DISCLOSURE));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                var q = request.message().getQueries(1);
                rowsAtArrival.set(new DisclosureTable(th.node.store())
                        .byValue(new CanonicalValue(q.getType(), q.getValue()), 10));
            });

            // One analyst connection throughout: its handshake is recorded before the audit log is closed below.
            var analyst = th.analyst();
            FederatedLookupResponse r = analyst.lookupFederated(HostilePeerAnswerTest.request());
            assertThat(HostilePeerAnswerTest.status(r, "ID-POLRI").getOutcome())
                    .isEqualTo(PeerOutcome.PEER_OUTCOME_ANSWERED);
            assertThat(arrived.get().getRequestId()).isEqualTo(r.getRequestId());

            assertThat(auditAtArrival.get())
                    .as("the DISCLOSURE record was written before the request left")
                    .filteredOn(a -> a.getSubject().equals(r.getRequestId()))
                    .singleElement()
                    .satisfies(a -> {
                        assertThat(a.getActor()).startsWith("urn:jaring:analyst:TH-CCIB:");
                        assertThat(detail(a, "to")).isEqualTo("ID-POLRI");
                        assertThat(detail(a, "purpose")).contains("TH-2026-22");
                        assertThat(detail(a, "values").split("\n"))
                                .hasSize(2)
                                .endsWith("INDICATOR_TYPE_DOMAIN " + HostilePeerAnswerTest.DOMAIN);
                    });
            assertThat(rowsAtArrival.get())
                    .as("the disclosure rows were written before the request left")
                    .filteredOn(d -> d.getRequestId().equals(r.getRequestId()))
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.getAskingNode()).isEqualTo("TH-CCIB");
                        assertThat(d.getPurpose().getCaseReference()).isEqualTo("TH-2026-22");
                        assertThat(d.getDisclosedHits()).as("no answer yet").isZero();
                    });
            // Once the answers are in, the same rows carry the hits the peer disclosed: rewritten, not added.
            List<Disclosure> after = new DisclosureTable(th.node.store())
                    .byValue(
                            new CanonicalValue(
                                    arrived.get().getQueries(1).getType(),
                                    arrived.get().getQueries(1).getValue()),
                            10);
            assertThat(after)
                    .filteredOn(d -> d.getRequestId().equals(r.getRequestId()))
                    .singleElement()
                    .extracting(Disclosure::getDisclosedHits)
                    .isEqualTo(1);
            AuditRecord asked = HostilePeerAnswerTest.records(th, AuditKind.AUDIT_KIND_LOOKUP_ASKED)
                    .get(0);
            AuditRecord sending = HostilePeerAnswerTest.records(th, AuditKind.AUDIT_KIND_DISCLOSURE)
                    .get(0);
            assertThat(sending.getSequence()).isLessThan(asked.getSequence());

            // The audit log can no longer be written: the lookup stops, and no value reaches any peer.
            int before = id.requestsReceived();
            th.node.audit().close();
            StatusRuntimeException e = catchThrowableOfType(
                    StatusRuntimeException.class, () -> analyst.lookupFederated(HostilePeerAnswerTest.request()));
            assertThat(e).as("the lookup fails").isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(e.getStatus().getDescription()).contains("audit log is closed");
            assertThat(id.requestsReceived()).as("nothing was sent").isEqualTo(before);
        }
    }

    private static String detail(AuditRecord r, String key) {
        return r.getDetailsList().stream()
                .filter(d -> d.getKey().equals(key))
                .findFirst()
                .orElseThrow()
                .getValue();
    }
}
