package org.jaring.node.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jaring.node.FakePeer;
import org.jaring.node.PeerWire;
import org.jaring.node.RunningNode;
import org.jaring.node.TestConfigs;
import org.jaring.node.store.ColumnFamily;
import org.jaring.node.store.StoreIterator;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.FeedRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PeerLookupRequest;
import org.jaring.v1.PeerLookupResponse;
import org.jaring.v1.PeerServiceGrpc;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-caller kit: a peer with a legitimately trusted node certificate, and an analyst with a valid
 * certificate, send seeded random, mutated, oversized and out-of-range messages to every method of the peer and
 * national listeners. Whatever comes, the node answers with a status that names the caller's mistake (never
 * INTERNAL or UNKNOWN), logs no stack trace, stores nothing for a refused call, and still answers a well-formed
 * lookup afterwards.
 *
 * <p>Seeded: {@code -Djaring.fuzz.seed=N}; {@code -Djaring.fuzz.cases=N} calls per method (30 in the suite, 300 in
 * the slow profile, {@code -P slow}; the documented longer run in docs/security.md uses 2,000);
 * {@code -Djaring.fuzz.only=Lookup,Feed} some methods only.
 */
class HostileCallerFuzzTest {
    private static final long SEED = Long.getLong("jaring.fuzz.seed", 20261207L);
    private static final int CASES = Integer.getInteger("jaring.fuzz.cases", 30);
    /** The slow profile's run: as many as pass on every method of both listeners (docs/security.md 3.11). */
    private static final int SLOW_CASES = 300;
    /** The largest message the kit sends: above limits.max_message_bytes (4 MiB), so oversized calls are tried. */
    private static final int OVERSIZED = 6 << 20;
    /** Column families that a refused call may still write to: the record that it was refused. */
    private static final List<ColumnFamily> RECORDS_OF_REFUSALS = List.of(ColumnFamily.AUDIT, ColumnFamily.DISCLOSURES);
    /**
     * The blind tag index: derived state that the node's background work writes whenever its data changed (and a
     * blind call may finish a small build first), whatever the call; what a caller could change is the data.
     */
    private static final List<ColumnFamily> DERIVED = List.of(ColumnFamily.BLIND_TAGS);

    @TempDir
    Path dir;

    @Test
    void noHostileMessageMakesTheNodeFailLogAStackTraceOrStoreAnything() throws Exception {
        hostileCalls(CASES);
    }

    @Tag("slow")
    @Test
    void noneOfTenTimesAsManyHostileMessagesMakesTheNodeFailLogAStackTraceOrStoreAnything() throws Exception {
        hostileCalls(SLOW_CASES);
    }

    private void hostileCalls(int cases) throws Exception {
        List<LogRecord> traces = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getThrown() != null || r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    synchronized (traces) {
                        traces.add(r);
                    }
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("org.jaring");
        root.addHandler(capture);
        List<String> failures = new ArrayList<>();
        try (RunningNode my = new RunningNode(
                        dir.resolve("my"),
                        "MY-PDRM",
                        TestConfigs.GENEROUS_PEER_BUDGETS + "sync: {interval: 1h, batch_items: 50}\n");
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            PeerWire.pin(id, my, "asean");
            hold(my, "MY-G", Tlp.TLP_GREEN, "shared.example");
            hold(my, "MY-R", Tlp.TLP_RED, "withheld.example");
            ManagedChannel peer = PeerWire.channel(id, my);
            my.analyst(); // issues the analyst certificate
            ManagedChannel analyst = my.channel(my.node.nationalPort(), "analyst");
            Random rnd = new Random(SEED);
            try {
                for (MethodDescriptor<?, ?> m : PeerWire.peerMethods()) {
                    fuzz(my, peer, m, rnd, cases, failures);
                }
                List<MethodDescriptor<?, ?>> national = new ArrayList<>(
                        NationalServiceGrpc.getServiceDescriptor().getMethods());
                national.addAll(RequestServiceGrpc.getServiceDescriptor().getMethods());
                for (MethodDescriptor<?, ?> m : national) {
                    fuzz(my, analyst, m, rnd, cases, failures);
                }
                // Still serving: a well-formed lookup from the same peer is answered with the shared hit only.
                PeerWire.Result after = PeerWire.call(
                        peer,
                        PeerServiceGrpc.getLookupMethod(),
                        PeerLookupRequest.newBuilder()
                                .setRequestId(UUID.randomUUID().toString())
                                .setPurpose(Purpose.newBuilder()
                                        .setCaseReference("ID-1")
                                        .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT))
                                .addQueries(LookupQuery.newBuilder().setValue("shared.example"))
                                .addQueries(LookupQuery.newBuilder().setValue("withheld.example"))
                                .build()
                                .toByteArray());
                assertThat(after.ok()).as("%s", after.status()).isTrue();
                PeerLookupResponse answer =
                        PeerLookupResponse.parseFrom(after.responses().get(0));
                assertThat(answer.getResultsList()).hasSize(1);
                assertThat(answer.getResults(0).getHits(0).getValue()).isEqualTo("shared.example");
            } finally {
                peer.shutdownNow();
                root.removeHandler(capture);
            }
        }
        assertThat(failures).as("seed %d", SEED).isEmpty();
        assertThat(traces)
                .as("log records with a stack trace or SEVERE")
                .extracting(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage() + " / " + r.getThrown())
                .isEmpty();
    }

    @Test
    void uint32LimitsAboveTwoToThe31AreReadAsUnsignedNotAsNegative() throws Exception {
        try (RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM", TestConfigs.GENEROUS_PEER_BUDGETS);
                FakePeer id = new FakePeer(dir.resolve("id"), "ID-POLRI", my)) {
            PeerWire.pin(id, my);
            hold(my, "MY-G", Tlp.TLP_GREEN, "shared.example");
            ManagedChannel peer = PeerWire.channel(id, my);
            my.analyst();
            ManagedChannel analyst = my.channel(my.node.nationalPort(), "analyst");
            try {
                for (int huge : new int[] {-1, Integer.MIN_VALUE}) { // 2^32-1 and 2^31 on the wire
                    PeerWire.Result feed = PeerWire.call(
                            peer,
                            PeerServiceGrpc.getFeedMethod(),
                            FeedRequest.newBuilder()
                                    .setMaxItemsPerBatch(huge)
                                    .setMaxItemBytesPerBatch(huge)
                                    .build()
                                    .toByteArray());
                    assertThat(feed.status().getCode())
                            .as("Feed, %s", Integer.toUnsignedString(huge))
                            .isEqualTo(Status.Code.OK);
                    PeerWire.Result list = PeerWire.call(
                            analyst,
                            RequestServiceGrpc.getListRequestsMethod(),
                            ListRequestsRequest.newBuilder()
                                    .setLimit(huge)
                                    .build()
                                    .toByteArray());
                    assertThat(list.status().getCode())
                            .as("ListRequests, %s", Integer.toUnsignedString(huge))
                            .isEqualTo(Status.Code.OK);
                }
            } finally {
                peer.shutdownNow();
            }
        }
    }

    private static void fuzz(
            RunningNode node,
            ManagedChannel channel,
            MethodDescriptor<?, ?> method,
            Random rnd,
            int cases,
            List<String> failures)
            throws Exception {
        Descriptor input = ((ProtoMethodDescriptorSupplier) method.getSchemaDescriptor())
                .getMethodDescriptor()
                .getInputType();
        String only = System.getProperty("jaring.fuzz.only", "");
        if (!only.isEmpty() && !List.of(only.split(",")).contains(method.getBareMethodName())) {
            return; // -Djaring.fuzz.only=Lookup,Feed: a longer run of some methods
        }
        boolean endless = method.getFullMethodName().endsWith("/WatchAlerts");
        // A stream that never ends costs its whole deadline each time: a few cases show it refuses bad input.
        for (int i = 0, n = endless ? Math.min(cases, 3) : cases; i < n; i++) {
            byte[] body = RandomMessages.message(input, rnd, 0).toByteArray();
            if (body.length > OVERSIZED) {
                // Past the node's 4 MiB limit is oversized enough; a 100 MB message would only exhaust this
                // test JVM's own buffers (it holds the client and the node).
                body = Arrays.copyOf(body, OVERSIZED);
            }
            String kind = "random";
            if (rnd.nextInt(3) == 0) {
                body = RandomMessages.mutate(body, rnd);
                kind = "mutated";
            }
            if (Boolean.getBoolean("jaring.fuzz.trace")) {
                System.err.println(
                        "TRACE " + method.getBareMethodName() + " " + kind + " " + i + " bytes=" + body.length);
                // The last message sent, to decode when a run stops on it.
                Files.write(Path.of(System.getProperty("java.io.tmpdir"), "jaring-fuzz-last.bin"), body);
            }
            byte[] before = digest(node);
            // Far above what any call takes here: a call still open then was left open by the node.
            PeerWire.Result r = PeerWire.call(channel, method, body, endless ? 1 : 30);
            Status.Code code = r.status().getCode();
            if (code == Status.Code.INTERNAL
                    || code == Status.Code.UNKNOWN
                    || (!endless && code == Status.Code.DEADLINE_EXCEEDED)) {
                failures.add(method.getFullMethodName() + " (" + kind + " case " + i + "): " + r.status());
                if (code == Status.Code.DEADLINE_EXCEEDED) {
                    return; // the rest of this method's cases would wait as long
                }
            }
            if (!r.ok() && code != Status.Code.DEADLINE_EXCEEDED && !Arrays.equals(before, digest(node))) {
                failures.add(method.getFullMethodName() + " (" + kind + " case " + i + "): refused with " + code
                        + " but the store changed");
            }
        }
    }

    /** A digest of everything the node stores, but the records of refusals themselves. */
    private static byte[] digest(RunningNode node) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (ColumnFamily cf : ColumnFamily.values()) {
            if (RECORDS_OF_REFUSALS.contains(cf) || DERIVED.contains(cf)) {
                continue;
            }
            try (StoreIterator it = node.node.store().newIterator(cf)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    sha.update(it.key());
                    sha.update(it.value());
                }
            }
        }
        return sha.digest();
    }

    private static void hold(RunningNode node, String caseId, Tlp tlp, String value) {
        node.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseId)
                                .setDefaultHandling(Handling.newBuilder().setTlp(tlp)))
                        .build());
        node.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId(caseId)
                        .addIndicators(Indicator.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(value))
                        .build());
    }
}
