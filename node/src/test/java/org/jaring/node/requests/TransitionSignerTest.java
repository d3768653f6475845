package org.jaring.node.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.node.FakePeer;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.v1.DeliverRequestRequest;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.RequestState;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over real mutual TLS, a pinned peer delivers a request whose first transition is signed by someone other than
 * its node certificate: the node refuses it (PERMISSION_DENIED, never a retry), names why, and stores nothing;
 * the same request signed by the peer's node certificate is delivered. Before the one signer rule any
 * certificate the peer's CA issued signed transitions (an analyst's, an admin's), and none was checked at all
 * when no anchor was passed.
 */
class TransitionSignerTest {
    private static final String QUIET = "sync:\n  interval: 1h\n";

    @TempDir
    Path dir;

    private record Case(String signer, KeySource keys, String reason) {}

    private static DeliverRequestRequest signedBy(DeliverRequestRequest d, KeySource keys) {
        return d.toBuilder()
                .setTransitions(0, RequestSigning.sign(d.getTransitions(0), keys))
                .build();
    }

    @Test
    void onlyThePeersNodeCertificateSignsItsTransitions() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", QUIET + TestConfigs.GENEROUS_PEER_BUDGETS);
                FakePeer evil = new FakePeer(dir.resolve("evil"), "XX-EVIL", my)) {
            evil.pinnedBy(my);
            var stub = HostileRequestPeerTest.peerStub(evil, my);
            NationalCa past = evil.ca.withClock(Clock.fixed(Instant.now().minus(Duration.ofDays(10)), ZoneOffset.UTC));
            KeySource revoked = KeySource.of(evil.ca.issueNode(Duration.ofDays(1)));
            Instant now = Instant.now();
            SignedRevocationList list = RevocationList.empty(NodeId.of("XX-EVIL"))
                    .with(RevocationList.Entry.of(revoked.current().leaf(), now, "key compromise"), 1, now)
                    .sign(evil.ca.privateKey());
            my.node.trust().installRevocationList(NodeId.of("XX-EVIL"), list.encoded(), list.signature());

            List<Case> cases = List.of(
                    new Case(
                            "an analyst of the peer",
                            KeySource.of(evil.ca.issueAnalyst("eve", Duration.ofDays(1))),
                            "ROLE_NOT_ALLOWED: ANALYST is not allowed here: a request transition must be signed by a"
                                    + " node certificate"),
                    new Case(
                            "an admin of the peer",
                            KeySource.of(evil.ca.issueAdmin("root", Duration.ofDays(1))),
                            "ROLE_NOT_ALLOWED: ADMIN"),
                    new Case(
                            "another state's node",
                            KeySource.of(
                                    NationalCa.create(NodeId.of("ZZ-OTHER")).issueNode(Duration.ofDays(1))),
                            "WRONG_NODE: signer is ZZ-OTHER, expected XX-EVIL"),
                    new Case(
                            "the peer's node certificate, expired",
                            KeySource.of(past.issueNode(Duration.ofDays(1))),
                            "EXPIRED"),
                    new Case("the peer's node certificate, revoked", revoked, "REVOKED"),
                    new Case(
                            "the peer's CA certificate itself",
                            new KeySource(evil.ca.privateKey(), evil.ca.certificate()),
                            "NOT_END_ENTITY"));
            for (Case c : cases) {
                DeliverRequestRequest bad = signedBy(HostileRequestPeerTest.valid(evil, "MY-PDRM", false), c.keys());
                StatusRuntimeException e =
                        catchThrowableOfType(StatusRuntimeException.class, () -> stub.deliverRequest(bad));
                assertThat(e).as(c.signer()).isNotNull();
                assertThat(e.getStatus().getCode()).as(c.signer()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription()).as(c.signer()).contains(c.reason());
            }

            // Changed after signing: the note is covered by the signature.
            DeliverRequestRequest good = HostileRequestPeerTest.valid(evil, "MY-PDRM", false);
            Transition first = good.getTransitions(0);
            DeliverRequestRequest tampered = good.toBuilder()
                    .setTransitions(0, first.toBuilder().setNote("changed in transit"))
                    .build();
            StatusRuntimeException e =
                    catchThrowableOfType(StatusRuntimeException.class, () -> stub.deliverRequest(tampered));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains("the signature does not verify");

            assertThat(CooperationRequestsTest.officer(my)
                            .listRequests(ListRequestsRequest.getDefaultInstance())
                            .getRequestsList())
                    .as("nothing refused was stored")
                    .isEmpty();

            assertThat(stub.deliverRequest(good).getDelivered().getToState()).isEqualTo(RequestState.DELIVERED);
        }
    }
}
