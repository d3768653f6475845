package org.jaring.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.PemFiles;
import org.jaring.core.trust.RevocationList;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.core.trust.TestCertificates;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.GetRequestRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Tlp;
import org.jaring.v1.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The signed objects that real nodes exchange over mutual TLS verify with docs/independent-check/verify.mjs, a
 * verifier written from docs/protocol.md alone in Node.js with its built-in crypto: a lookup answer as received
 * and a request transition as held by the node that received it, each against the signer's pinned CA. Each
 * tampered copy (a byte of the answer, a field of the transition, an analyst as signer, another CA) is refused
 * with the problem named. If the document stops being enough to verify what the nodes send, this test fails.
 */
class IndependentCheckTest {
    private static final String DOMAIN = "parcel-redelivery.example";

    @TempDir
    Path dir;

    private static Path script() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("docs/independent-check/verify.mjs");
            if (Files.isRegularFile(s)) {
                return s;
            }
        }
        throw new IllegalStateException("docs/independent-check/verify.mjs not found above the working directory");
    }

    private static boolean nodeOnPath() {
        try {
            Process p = new ProcessBuilder("node", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Run(int exit, String output) {}

    private static Run verify(Path folder) throws Exception {
        Process p = new ProcessBuilder("node", script().toString(), folder.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("verify.mjs finished").isTrue();
        return new Run(p.exitValue(), out);
    }

    /** A folder of artifacts: the answer and transition files, their CAs, and index.json naming them. */
    private static Path write(
            Path folder,
            byte[] answer,
            byte[] request,
            String answerCaPem,
            byte[] transition,
            String transitionCaPem,
            Instant receivedAt)
            throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("answer.bin"), answer);
        Files.write(folder.resolve("request.bin"), request);
        Files.writeString(folder.resolve("answer-ca.pem"), answerCaPem);
        Files.write(folder.resolve("transition.bin"), transition);
        Files.writeString(folder.resolve("transition-ca.pem"), transitionCaPem);
        Files.writeString(folder.resolve("index.json"), """
                {"answer": {"file": "answer.bin", "request": "request.bin", "peer": "MY-PDRM",
                            "ca": "answer-ca.pem", "receivedAt": "%s"},
                 "transition": {"file": "transition.bin", "actorNode": "TH-CCIB",
                                "ca": "transition-ca.pem", "receivedAt": "%s"}}
                """.formatted(receivedAt, receivedAt));
        return folder;
    }

    /** {@code answer} signed again by {@code key}/{@code certPem} as the docs say a signer does it. */
    private static byte[] resigned(PeerLookupResponse answer, java.security.PrivateKey key, String certPem)
            throws Exception {
        PeerLookupResponse body = answer.toBuilder()
                .clearSignature()
                .clearSignerFingerprint()
                .setSignerCertificatePem(certPem)
                .build();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(key);
        s.update("jaring-peer-response-v1\0".getBytes(StandardCharsets.US_ASCII));
        s.update(body.toByteArray());
        return body.toBuilder()
                .setSignature(ByteString.copyFrom(s.sign()))
                .setSignerFingerprint(Fingerprints.sha256(PemFiles.certificateFromPem(certPem, "analyst")))
                .build()
                .toByteArray();
    }

    @Test
    void aVerifierWrittenFromTheDocsAcceptsWhatNodesSignAndRefusesTamperedCopies() throws Exception {
        assumeTrue(nodeOnPath(), "node is not on the PATH");
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB", "sync: {interval: 1h}\n");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", "sync: {interval: 1h}\n")) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            my.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("MY-1")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            my.analyst()
                    .addIndicators(AddIndicatorsRequest.newBuilder()
                            .setCaseId("MY-1")
                            .addIndicators(Indicator.newBuilder()
                                    .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                    .setValue(DOMAIN))
                            .build());

            // A lookup answer from MY, as TH's own peer channel receives it.
            byte[] request = PeerLookupRequest.newBuilder()
                    .setRequestId("5f0c7c8e-6f2e-4c43-9d55-0b7a1c3e9a10")
                    .setPurpose(Purpose.newBuilder()
                            .setCaseReference("TH-2026-7")
                            .setLegalBasis(LegalBasis.LEGAL_BASIS_BILATERAL_TREATY))
                    .addQueries(LookupQuery.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(DOMAIN))
                    .build()
                    .toByteArray();
            Channel toMy = th.node.peerChannels().stub("MY-PDRM").getChannel();
            byte[] answer = ClientCalls.blockingUnaryCall(
                    toMy,
                    PeerServiceGrpc.getLookupMethod().toBuilder(WireBytes.MARSHALLER, WireBytes.MARSHALLER)
                            .build(),
                    CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS),
                    request);
            Instant receivedAt = Instant.now();
            assertThat(PeerLookupResponse.parseFrom(answer).getResultsList()).hasSize(1);

            // A request transition signed by TH, as MY received and holds it.
            my.analyst();
            th.analyst();
            String id = RequestServiceGrpc.newBlockingStub(th.channel(th.node.nationalPort(), "analyst"))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .createRequest(CreateRequestRequest.newBuilder()
                            .setRequest(CooperationRequest.newBuilder()
                                    .setRequestedNode("MY-PDRM")
                                    .setType(RequestType.EXPEDITED_PRESERVATION)
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                                    .setIssuingAuthority("TH CCIB")
                                    .setIssuingFileNumber("CCIB-2026-17")
                                    .addCaseHandles("h-123")
                                    .setSummaryOfFacts("Phishing kit hosted at a provider in MY")
                                    .setDataSought("traffic data of host x"))
                            .build())
                    .getRequest()
                    .getRequestId();
            Transition transition = RequestServiceGrpc.newBlockingStub(my.channel(my.node.nationalPort(), "analyst"))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .getRequest(GetRequestRequest.newBuilder().setRequestId(id).build())
                    .getTransitions(0);
            assertThat(transition.getActorNode()).isEqualTo("TH-CCIB");

            String myCa = Files.readString(my.home.caCertificate());
            String thCa = Files.readString(th.home.caCertificate());
            byte[] sent = transition.toByteArray();

            Run good = verify(write(dir.resolve("good"), answer, request, myCa, sent, thCa, receivedAt));
            assertThat(good.exit()).as(good.output()).isZero();
            assertThat(good.output()).contains("answer: verified", "transition: verified");

            // The transition's fields in another order: the canonical encoding is the same, so it verifies.
            byte[] reordered = reorder(sent);
            assertThat(reordered).isNotEqualTo(sent);
            Run moved = verify(write(dir.resolve("moved"), answer, request, myCa, reordered, thCa, receivedAt));
            assertThat(moved.exit()).as(moved.output()).isZero();

            byte[] flipped = answer.clone();
            int at = indexOf(flipped, DOMAIN.getBytes(StandardCharsets.US_ASCII));
            flipped[at] ^= 0x01;
            assertRefused(
                    write(dir.resolve("flipped"), flipped, request, myCa, sent, thCa, receivedAt),
                    "answer: the signature does not verify");

            byte[] changed =
                    transition.toBuilder().setNote("changed in transit").build().toByteArray();
            assertRefused(
                    write(dir.resolve("note"), answer, request, myCa, changed, thCa, receivedAt),
                    "transition: the signature does not verify");

            Path[] analyst = my.issueAnalyst("eve");
            byte[] byAnalyst = resigned(
                    PeerLookupResponse.parseFrom(answer),
                    PemFiles.readPrivateKey(analyst[1], null),
                    PemFiles.toPem(PemFiles.readCertificates(analyst[0]).get(0)));
            assertRefused(
                    write(dir.resolve("analyst"), byAnalyst, request, myCa, sent, thCa, receivedAt),
                    "answer: ROLE_NOT_ALLOWED");

            String otherCa =
                    PemFiles.toPem(NationalCa.create(NodeId.of("MY-PDRM")).certificate());
            String otherThCa =
                    PemFiles.toPem(NationalCa.create(NodeId.of("TH-CCIB")).certificate());
            Path other = write(dir.resolve("other-ca"), answer, request, otherCa, sent, otherThCa, receivedAt);
            Run run = verify(other);
            assertThat(run.exit()).as(run.output()).isNotZero();
            assertThat(run.output()).contains("answer: BAD_CHAIN", "transition: BAD_CHAIN");

            byte[] otherRequest = request.clone();
            otherRequest[indexOf(otherRequest, DOMAIN.getBytes(StandardCharsets.US_ASCII))] ^= 0x01;
            assertRefused(
                    write(dir.resolve("rebound"), answer, otherRequest, myCa, sent, thCa, receivedAt),
                    "answer: request_hash is not the SHA-256 of the request as sent");

            revocationsAndKeyUsage(my, answer, request, myCa, sent, thCa, receivedAt);
            chainOfARequest(th, my, id, thCa, myCa, receivedAt);

            assertRefused(
                    write(
                            dir.resolve("late"),
                            answer,
                            request,
                            myCa,
                            sent,
                            thCa,
                            Instant.parse("2200-01-01T00:00:00Z")),
                    "answer: EXPIRED");
        }
    }

    /**
     * With the answering node's revocation list beside the answer (section 9): a list that names another
     * certificate verifies, one that names the signer is REVOKED, one signed by another CA is refused as a list.
     * A signer without key usage digitalSignature is BAD_KEY_USAGE.
     */
    private void revocationsAndKeyUsage(
            RunningNode my,
            byte[] answer,
            byte[] request,
            String myCa,
            byte[] transition,
            String thCa,
            Instant receivedAt)
            throws Exception {
        PrivateKey myCaKey = PemFiles.readPrivateKey(my.home.caKey(), null);
        X509Certificate myCaCert =
                PemFiles.readCertificates(my.home.caCertificate()).get(0);
        X509Certificate signer =
                PemFiles.certificateFromPem(PeerLookupResponse.parseFrom(answer).getSignerCertificatePem(), "answer");
        X509Certificate other =
                PemFiles.readCertificates(my.issueAnalyst("someone-else")[0]).get(0);

        Path listed = write(dir.resolve("rl-other"), answer, request, myCa, transition, thCa, receivedAt);
        revocations(listed, revocationList("MY-PDRM", myCaKey, other));
        Run fine = verify(listed);
        assertThat(fine.exit()).as(fine.output()).isZero();

        Path revokedSigner = write(dir.resolve("rl-signer"), answer, request, myCa, transition, thCa, receivedAt);
        revocations(revokedSigner, revocationList("MY-PDRM", myCaKey, other, signer));
        assertRefused(revokedSigner, "answer: REVOKED");

        Path forged = write(dir.resolve("rl-forged"), answer, request, myCa, transition, thCa, receivedAt);
        PrivateKey otherCaKey = NationalCa.create(NodeId.of("MY-PDRM")).privateKey();
        revocations(forged, revocationList("MY-PDRM", otherCaKey, other));
        assertRefused(forged, "answer: cannot be read: REVOCATION_LIST: the signature does not verify");

        KeyPair kp = TestCertificates.ecKeyPair();
        X509Certificate noSigning = TestCertificates.withoutDigitalSignature(myCaCert, myCaKey, kp, "MY-PDRM");
        byte[] byNoSigning = resigned(PeerLookupResponse.parseFrom(answer), kp.getPrivate(), PemFiles.toPem(noSigning));
        assertRefused(
                write(dir.resolve("no-ds"), byNoSigning, request, myCa, transition, thCa, receivedAt),
                "answer: BAD_KEY_USAGE: needs key usage digitalSignature");
    }

    /**
     * A request's transitions as the requested node holds them, TH's then MY's: verified one by one and linked by
     * sequence and prev_hash. The same transitions out of order, or a transition of another request in the chain,
     * are refused with the link named.
     */
    private void chainOfARequest(RunningNode th, RunningNode my, String id, String thCa, String myCa, Instant at)
            throws Exception {
        RequestServiceGrpc.RequestServiceBlockingStub myRequests = RequestServiceGrpc.newBlockingStub(
                        my.channel(my.node.nationalPort(), "analyst"))
                .withDeadlineAfter(30, TimeUnit.SECONDS);
        myRequests.changeState(ChangeStateRequest.newBuilder()
                .setRequestId(id)
                .setToState(RequestState.ACKNOWLEDGED)
                .build());
        List<Transition> chain = myRequests
                .getRequest(GetRequestRequest.newBuilder().setRequestId(id).build())
                .getTransitionsList();
        assertThat(chain).hasSizeGreaterThanOrEqualTo(2);
        assertThat(chain.get(chain.size() - 1).getActorNode()).isEqualTo("MY-PDRM");

        Run whole = verify(writeChain(dir.resolve("chain"), chain, thCa, myCa, at));
        assertThat(whole.exit()).as(whole.output()).isZero();
        assertThat(whole.output()).contains("chain: verified");

        List<Transition> swapped = new ArrayList<>(chain);
        Collections.swap(swapped, 0, 1);
        assertRefused(writeChain(dir.resolve("chain-swapped"), swapped, thCa, myCa, at), "chain: transition 1:");

        String otherId = RequestServiceGrpc.newBlockingStub(th.channel(th.node.nationalPort(), "analyst"))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .createRequest(CreateRequestRequest.newBuilder()
                        .setRequest(CooperationRequest.newBuilder()
                                .setRequestedNode("MY-PDRM")
                                .setType(RequestType.EXPEDITED_PRESERVATION)
                                .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST)
                                .setIssuingAuthority("TH CCIB")
                                .setIssuingFileNumber("CCIB-2026-18")
                                .addCaseHandles("h-124")
                                .setSummaryOfFacts("A second request")
                                .setDataSought("traffic data of host y"))
                        .build())
                .getRequest()
                .getRequestId();
        Transition[] otherFirst = new Transition[1];
        Await.until("the second request reached MY", () -> {
            try {
                otherFirst[0] = myRequests
                        .getRequest(GetRequestRequest.newBuilder()
                                .setRequestId(otherId)
                                .build())
                        .getTransitions(0);
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        List<Transition> spliced = new ArrayList<>(chain);
        spliced.set(0, otherFirst[0]);
        assertRefused(
                writeChain(dir.resolve("chain-spliced"), spliced, thCa, myCa, at),
                "chain: transition 2: prev_hash is not the SHA-256 of transition 1");
    }

    private static Path writeChain(Path folder, List<Transition> chain, String thCa, String myCa, Instant at)
            throws IOException {
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("th-ca.pem"), thCa);
        Files.writeString(folder.resolve("my-ca.pem"), myCa);
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            Transition t = chain.get(i);
            Files.write(folder.resolve("t" + i + ".bin"), t.toByteArray());
            entries.append(i == 0 ? "" : ",")
                    .append("{\"file\": \"t%d.bin\", \"actorNode\": \"%s\", \"ca\": \"%s\"}"
                            .formatted(
                                    i,
                                    t.getActorNode(),
                                    t.getActorNode().equals("TH-CCIB") ? "th-ca.pem" : "my-ca.pem"));
        }
        Files.writeString(
                folder.resolve("index.json"),
                "{\"chain\": {\"receivedAt\": \"%s\", \"transitions\": [%s]}}".formatted(at, entries));
        return folder;
    }

    /** Adds "revocations" to the answer's entry of the folder's index.json, with the list's bytes beside it. */
    private static void revocations(Path folder, byte[] signedList) throws IOException {
        Files.write(folder.resolve("revocations.bin"), signedList);
        Path index = folder.resolve("index.json");
        Files.writeString(
                index,
                Files.readString(index)
                        .replace(
                                "\"ca\": \"answer-ca.pem\",",
                                "\"ca\": \"answer-ca.pem\", \"revocations\": \"revocations.bin\","));
    }

    /** A SignedRevocationList as a node serves it (section 9), naming {@code revoked}, signed with {@code caKey}. */
    private static byte[] revocationList(String issuer, PrivateKey caKey, X509Certificate... revoked) {
        RevocationList list = RevocationList.empty(NodeId.of(issuer));
        long sequence = 1;
        for (X509Certificate c : revoked) {
            list = list.with(
                    RevocationList.Entry.of(c, Instant.parse("2026-01-01T00:00:00Z"), "test"),
                    sequence++,
                    Instant.parse("2026-01-01T00:00:00Z"));
        }
        SignedRevocationList signed = list.sign(caKey);
        return org.jaring.v1.SignedRevocationList.newBuilder()
                .setEncoded(ByteString.copyFrom(signed.encoded()))
                .setSignature(ByteString.copyFrom(signed.signature()))
                .build()
                .toByteArray();
    }

    private void assertRefused(Path folder, String problem) throws Exception {
        Run run = verify(folder);
        assertThat(run.exit()).as(run.output()).isNotZero();
        assertThat(run.output()).contains(problem);
    }

    /** The transition's first top-level record (field 1, request_id) moved to the end. */
    private static byte[] reorder(byte[] encoded) {
        assertThat(encoded[0]).as("field 1, wire type 2 first").isEqualTo((byte) 0x0a);
        int len = encoded[1];
        assertThat(len).as("a short request_id").isBetween(1, 127);
        int first = 2 + len;
        byte[] out = new byte[encoded.length];
        System.arraycopy(encoded, first, out, 0, encoded.length - first);
        System.arraycopy(encoded, 0, out, encoded.length - first, first);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
