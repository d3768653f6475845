package org.jaring.cli.trust;

import com.google.protobuf.util.Timestamps;
import io.grpc.ManagedChannel;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.connect.ConnectionOptions;
import org.jaring.cli.connect.NodeConnection;
import org.jaring.cli.support.Times;
import org.jaring.core.config.HostPort;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.AddPeerRequest;
import org.jaring.v1.TrustedPeerInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jaring trust add}: pins a peer's CA. The admin must confirm the fingerprint they compared out of band;
 * the file's own fingerprint line is never taken as that confirmation.
 */
@Command(
        name = "add",
        mixinStandardHelpOptions = true,
        header = "Trust a peer from its anchor file, after confirming its fingerprint.",
        description = {
            "Adds a peer from the anchor file its admin made with 'jaring trust export'. The fingerprint is"
                    + " recomputed from the certificate in the file and shown; you then confirm it, either by typing"
                    + " it when asked or with --fingerprint, after comparing it with the peer's admin over a channel"
                    + " you already trust (phone, in person). Nothing is added without that confirmation.",
            "The peer can then ask this node (within what the sharing policy allows) and this node can ask it."
        },
        footer = {
            "",
            "Examples:",
            "  jaring trust add MY-PDRM.anchor.yaml --group asean",
            "  jaring trust add MY-PDRM.anchor.yaml --group asean \\",
            "      --fingerprint 3F:A2:...:9C"
        })
public final class TrustAddCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Parameters(paramLabel = "FILE", description = "The peer's anchor file.")
    Path file;

    @Option(
            names = "--group",
            paramLabel = "G",
            description = "Put the peer in group G (repeatable); sharing audiences name groups, e.g. asean.")
    List<String> groups = new ArrayList<>();

    @Option(
            names = "--fingerprint",
            paramLabel = "FP",
            description = "The fingerprint you confirmed with the peer's admin (colons optional). Needed when there"
                    + " is no terminal to type it on.")
    String fingerprint;

    @Option(
            names = "--endpoint",
            paramLabel = "HOST:PORT",
            description = "Reach the peer here instead of at the endpoint written in the file.")
    String endpoint;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + " does not exist");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError(file + " is not an anchor file (not UTF-8 text); ask the peer's admin for the"
                    + " output of 'jaring trust export'");
        }
        AnchorFile anchor = AnchorFile.parse(text, file.toString());
        String ep = endpoint != null ? endpoint : anchor.endpoint();
        try {
            HostPort.parse(ep);
        } catch (IllegalArgumentException e) {
            throw new UserError((endpoint != null ? "--endpoint: " : file + ": endpoint: ") + e.getMessage());
        }
        String display = Fingerprints.display(anchor.fingerprint());
        PrintWriter out = spec.commandLine().getOut();
        out.println("Peer:         " + anchor.nodeId());
        out.println("Endpoint:     " + ep);
        out.println("CA expires:   "
                + Times.format(anchor.caCertificate().getNotAfter().toInstant()));
        out.println("Fingerprint:  " + display);
        out.flush();

        String confirmed = confirmation();
        if (!sameFingerprint(confirmed, anchor.fingerprint())) {
            throw new Refused("the fingerprint you confirmed (" + confirmed.strip() + ") is not the fingerprint of"
                    + " this anchor (" + display + "); " + anchor.nodeId() + " was NOT added. Compare again with its"
                    + " admin; if they differ, the file is not the one they sent.");
        }

        AddPeerRequest request = AddPeerRequest.newBuilder()
                .setNodeId(anchor.nodeId())
                .setCaCertificatePem(PemFiles.toPem(anchor.caCertificate()))
                .setEndpoint(ep)
                .addAllGroups(groups)
                .setConfirmedFingerprint(anchor.fingerprint())
                .build();
        ManagedChannel channel = connection.openAdmin();
        try {
            TrustedPeerInfo p = connection.admin(channel).addPeer(request).getPeer();
            out.println("Added " + p.getNodeId() + " at " + p.getEndpoint()
                    + (p.getGroupsCount() == 0 ? " (no groups)" : " in groups " + String.join(", ", p.getGroupsList()))
                    + "; anchor " + p.getAnchorFingerprint() + ", valid until "
                    + Times.format(Instant.ofEpochMilli(Timestamps.toMillis(p.getAnchorNotAfter()))) + ".");
            out.println("The peer must add this node too ('jaring trust export' here, 'jaring trust add' there)"
                    + " before either can ask the other.");
        } finally {
            NodeConnection.close(channel);
        }
        out.flush();
        return 0;
    }

    private String confirmation() {
        if (fingerprint != null) {
            return fingerprint;
        }
        Console console = System.console();
        if (console == null) {
            throw new UserError("confirm the fingerprint: there is no terminal to type it on, so pass"
                    + " --fingerprint FP with the value you compared with the peer's admin");
        }
        String typed = console.readLine("Compare it with the peer's admin over a channel you trust, then type it"
                + " here (colons optional): ");
        if (typed == null || typed.isBlank()) {
            throw new Refused("no fingerprint typed; nothing was added");
        }
        return typed;
    }

    /** Whole fingerprint, any case, colons or spaces optional; anything shorter never matches. */
    private static boolean sameFingerprint(String typed, String actual) {
        try {
            return Fingerprints.matches(typed, actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
