package org.jaring.cli.demo;

import com.google.protobuf.util.Timestamps;
import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.demo.data.DemoDataset;
import org.jaring.node.requests.RequestSigning;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.GetRequestRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Offence;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Transition;

/**
 * The step after a hit, in the demo: the asking state sends an expedited preservation request to the state
 * whose hit it follows; that state's officer acknowledges it and releases an answer; both nodes hold the same
 * signed history.
 */
final class DemoRequestStory {
    private DemoRequestStory() {}

    /**
     * The hit the story follows: the one from {@code node} on {@code value}, with a case handle to cite. Never
     * another node's hit: a request to a state that is not in the story would be a request nobody meant to send.
     */
    static Optional<Hit> followedHit(List<FederatedLookupResponse> answers, String node, String value) {
        return answers.stream()
                .flatMap(a -> a.getResultsList().stream())
                .flatMap(r -> r.getHitsList().stream())
                .filter(h -> h.getOriginNode().equals(node)
                        && h.getValue().equalsIgnoreCase(value)
                        && !h.getCaseHandle().isEmpty())
                .findFirst();
    }

    static RequestServiceGrpc.RequestServiceBlockingStub officer(DemoNode n) {
        return RequestServiceGrpc.newBlockingStub(n.analyst().getChannel()).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    /** The story follows Malaysia's record of the scam wallet: the request goes there, or nowhere. */
    static final String STORY_NODE = "MY-PDRM";

    static void run(DemoNode asker, List<DemoNode> network, List<FederatedLookupResponse> answers, PrintWriter out) {
        Optional<Hit> hit = followedHit(answers, STORY_NODE, DemoDataset.SCAM_WALLET);
        if (hit.isEmpty()) {
            out.printf(
                    "  The step after a hit: NOT AS EXPECTED: the story follows %s's hit on %s, and %s gave none"
                            + " (see above); no request is sent to another state instead%n",
                    STORY_NODE, DemoDataset.SCAM_WALLET, STORY_NODE);
            return;
        }
        Hit h = hit.get();
        DemoNode requested = network.stream()
                .filter(n -> n.id().equals(h.getOriginNode()))
                .findFirst()
                .orElseThrow();
        out.printf(
                "  The step after a hit: %s asks %s to preserve the data behind %s (case handle %s)%n",
                asker.id(), requested.id(), h.getValue(), h.getCaseHandle());
        RequestRecord sent = officer(asker)
                .createRequest(CreateRequestRequest.newBuilder()
                        .setRequest(CooperationRequest.newBuilder()
                                .setRequestedNode(requested.id())
                                .setType(RequestType.EXPEDITED_PRESERVATION)
                                .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                                .setIssuingFileNumber("TH-2026-0042")
                                .addOffences(Offence.OFFENCE_FRAUD)
                                .addCaseHandles(h.getCaseHandle())
                                .addHits(h)
                                .setSummaryOfFacts(
                                        "Victims in Bangkok paid into this wallet; the same wallet is in your case.")
                                .setDataSought("KYC and transaction records of the exchange account holding the wallet")
                                .setConfidential(true))
                        .build());
        String id = sent.getRequest().getRequestId();
        out.printf(
                "      request %s: %s, answer due %s UTC%n",
                id,
                sent.getState(),
                Timestamps.toString(sent.getRequest().getDeadline())
                        .substring(0, 16)
                        .replace('T', ' '));
        officer(requested)
                .changeState(ChangeStateRequest.newBuilder()
                        .setRequestId(id)
                        .setToState(RequestState.ACKNOWLEDGED)
                        .setRequestedFileNumber(requested.id().substring(0, 2) + "/2026/0815")
                        .build());
        officer(requested)
                .changeState(ChangeStateRequest.newBuilder()
                        .setRequestId(id)
                        .setToState(RequestState.FULFILLED)
                        .setAnswer("Records preserved for 90 days; production follows your MLA request.")
                        .build());
        RequestRecord atAsker = officer(asker)
                .getRequest(GetRequestRequest.newBuilder().setRequestId(id).build());
        RequestRecord atRequested = officer(requested)
                .getRequest(GetRequestRequest.newBuilder().setRequestId(id).build());
        for (Transition t : atAsker.getTransitionsList()) {
            out.printf(
                    "      %d %-12s by %-8s signed by %s  hash %s%n",
                    t.getSequence(),
                    t.getToState(),
                    t.getActorNode(),
                    t.getSignerFingerprint().substring(0, 12),
                    HexFormat.of().formatHex(RequestSigning.hash(t)).substring(0, 16));
        }
        out.printf(
                "      answer released by %s's officer: %s%n",
                requested.id(),
                atAsker.getTransitions(atAsker.getTransitionsCount() - 1).getAnswer());
        out.printf(
                "      both nodes hold the same signed history: %s%n",
                atAsker.getTransitionsList().equals(atRequested.getTransitionsList()) ? "yes" : "NO");
    }
}
