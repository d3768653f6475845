package org.jaring.cli.request;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.core.vocab.LegalBases;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.RequestRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring request new --to NODE --type TYPE ...}: a cooperation request to a peer. */
@Command(
        name = "new",
        mixinStandardHelpOptions = true,
        header = "Send a cooperation request (preservation, subscriber information, emergency, ...) to a peer.",
        description = "The request is signed by your node, stored, and sent; if the peer is down it waits in your"
                + " node's outbox and is delivered exactly once when the peer is back. The deadline defaults to the"
                + " node's configured one for the type (requests.deadlines).",
        footer = {
            "",
            "Example:",
            "  jaring request new --to MY-PDRM --type preservation --legal-basis budapest \\",
            "      --case-handle 7f3c... --facts 'Phishing kit on a host in MY' \\",
            "      --data-sought 'traffic data of x'"
        })
public final class RequestNewCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--to", required = true, paramLabel = "NODE", description = "The requested node, e.g. MY-PDRM.")
    String to;

    @Mixin
    Envelope envelope;

    @Option(
            names = "--case-handle",
            paramLabel = "HANDLE",
            description = "The requested node's case handle the request follows (repeatable).")
    List<String> caseHandles = new ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The options of the envelope, shared with 'request from-hit'. */
    public static final class Envelope {
        @Option(
                names = "--type",
                required = true,
                paramLabel = "TYPE",
                description = "Request type: " + RequestCli.TYPES + ".")
        String type;

        @Option(
                names = "--legal-basis",
                required = true,
                paramLabel = "BASIS",
                description = "The legal ground, e.g. budapest, asean-mlat.")
        String legalBasis;

        @Option(names = "--facts", required = true, paramLabel = "TEXT", description = "Summary of the facts.")
        String facts;

        @Option(
                names = "--data-sought",
                required = true,
                paramLabel = "TEXT",
                description = "The data sought (or, for spontaneous information, the information given).")
        String dataSought;

        @Option(
                names = "--authority",
                paramLabel = "NAME",
                description = "The issuing authority. Default: your node ID.")
        String authority;

        @Option(names = "--file-number", paramLabel = "REF", description = "Your authority's file number.")
        String fileNumber;

        @Option(names = "--offence", paramLabel = "CODE", description = "Offence code, e.g. CC.FRAUD (repeatable).")
        List<String> offences = new ArrayList<>();

        @Option(
                names = "--emergency",
                paramLabel = "JUSTIFICATION",
                description =
                        "Marks the request as an emergency: the facts showing a significant and imminent risk to a person's life or safety.")
        String emergency;

        @Option(names = "--confidential", description = "The subject must not be notified.")
        boolean confidential;

        @Option(
                names = "--deadline",
                paramLabel = "DURATION",
                description = "Answer within, e.g. 24h, 30d. Default: the node's configured deadline for the type.")
        String deadline;

        CreateRequestRequest.Builder build(String requested) {
            CooperationRequest.Builder r = CooperationRequest.newBuilder()
                    .setRequestedNode(requested)
                    .setType(RequestCli.type(type))
                    .setSummaryOfFacts(facts)
                    .setDataSought(dataSought)
                    .setConfidential(confidential);
            try {
                r.setLegalBasis(LegalBases.parse(legalBasis));
            } catch (IllegalArgumentException e) {
                throw new UserError("--legal-basis: " + e.getMessage());
            }
            for (String o : offences) {
                try {
                    r.addOffences(OffenceCodes.parse(o));
                } catch (IllegalArgumentException e) {
                    throw new UserError("--offence: " + e.getMessage());
                }
            }
            if (authority != null) {
                r.setIssuingAuthority(authority);
            }
            if (fileNumber != null) {
                r.setIssuingFileNumber(fileNumber);
            }
            if (emergency != null) {
                r.setEmergency(true).setEmergencyJustification(emergency);
            }
            return CreateRequestRequest.newBuilder()
                    .setRequest(r)
                    .setDeadlineDuration(deadline == null ? "" : deadline);
        }
    }

    @Override
    public Integer call() {
        CreateRequestRequest.Builder b = envelope.build(to);
        b.getRequestBuilder().addAllCaseHandles(caseHandles);
        RequestRecord r = RequestCli.call(connection, s -> s.createRequest(b.build()));
        RequestCli.summary(spec.commandLine().getOut(), r);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
