package org.jaring.cli.request;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.core.vocab.LegalBases;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.FederatedLookupResponse;
import org.jaring.v1.Hit;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PeerStatus;
import org.jaring.v1.Purpose;
import org.jaring.v1.RequestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jaring request from-hit VALUE --origin NODE --type TYPE ...}: look up, then request from the hit's origin. */
@Command(
        name = "from-hit",
        mixinStandardHelpOptions = true,
        header = "Look a value up at one peer and send that peer a request following its hit, in one command.",
        description = "Asks the origin node about VALUE (a federated lookup with your file number as the case"
                + " reference and the same legal basis), takes the case handles of its hits and sends the request"
                + " with those hits attached. Fails if the origin has no hit for the value.",
        footer = {
            "",
            "Example:",
            "  jaring request from-hit fake-investment-app.example --origin MY-PDRM \\",
            "      --type preservation --legal-basis budapest --file-number TH-2026-0042 \\",
            "      --facts '...' --data-sought 'hosting logs'"
        })
public final class RequestFromHitCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "VALUE", description = "The value that hit, in any accepted spelling.")
    String value;

    @Option(
            names = "--origin",
            required = true,
            paramLabel = "NODE",
            description = "The node that holds it (the COUNTRY column of a lookup).")
    String origin;

    @Mixin
    RequestNewCommand.Envelope envelope;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (envelope.fileNumber == null) {
            throw new UserError(
                    "--file-number is required: the lookup that finds the hit states it as its case reference");
        }
        Purpose purpose;
        try {
            purpose = Purpose.newBuilder()
                    .setCaseReference(envelope.fileNumber)
                    .setLegalBasis(LegalBases.parse(envelope.legalBasis))
                    .setNote("cooperation request follow-up")
                    .build();
        } catch (IllegalArgumentException e) {
            throw new UserError("--legal-basis: " + e.getMessage());
        }
        var channel = connection.openNational();
        FederatedLookupResponse found;
        try {
            found = NationalServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .addQueries(LookupQuery.newBuilder().setValue(value))
                            .setPurpose(purpose)
                            .addPeers(origin)
                            .build());
        } finally {
            NodeConnection.close(channel);
        }
        List<Hit> hits = found.getResultsList().stream()
                .flatMap(r -> r.getHitsList().stream())
                .filter(h ->
                        h.getOriginNode().equals(origin) && !h.getCaseHandle().isEmpty())
                .toList();
        if (hits.isEmpty()) {
            throw new Refused(noHit(found));
        }
        CreateRequestRequest.Builder b = envelope.build(origin);
        b.getRequestBuilder()
                .addAllHits(hits)
                .addAllCaseHandles(
                        hits.stream().map(Hit::getCaseHandle).distinct().toList());
        RequestRecord r = RequestCli.call(connection, s -> s.createRequest(b.build()));
        RequestCli.summary(spec.commandLine().getOut(), r);
        spec.commandLine()
                .getOut()
                .println("  follows case handle(s): "
                        + String.join(", ", r.getRequest().getCaseHandlesList()));
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** Why there is nothing to follow up, in words, and what to do: not the usage code, not an enum name. */
    private String noHit(FederatedLookupResponse found) {
        PeerStatus status = found.getPeersList().stream()
                .filter(p -> p.getNodeId().equals(origin))
                .findFirst()
                .orElse(null);
        String why;
        if (status == null) {
            why = origin + " was not asked: it is not a trusted peer of your node ('jaring trust list' shows them)";
        } else {
            why = switch (status.getOutcome()) {
                case PEER_OUTCOME_ANSWERED -> origin + " answered, but holds nothing on it that it shares with you";
                case PEER_OUTCOME_TIMED_OUT -> origin + " did not answer in time; try again later";
                case PEER_OUTCOME_UNREACHABLE ->
                    origin + " could not be reached"
                            + (status.getDetail().isEmpty() ? "" : " (" + status.getDetail() + ")")
                            + "; 'jaring peers status' shows since when";
                case PEER_OUTCOME_REFUSED ->
                    origin + " refused the lookup"
                            + (status.getDetail().isEmpty() ? "" : " (" + status.getDetail() + ")");
                default -> origin + " gave no usable answer";
            };
        }
        return "no hit from " + origin + " for '" + value + "' to follow up: " + why + ". A request from a hit needs"
                + " the hit; 'jaring request new' sends one without.";
    }
}
