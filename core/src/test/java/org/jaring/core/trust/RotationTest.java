package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jaring.core.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cert rotate} while the node serves: no call fails, new handshakes get the new certificate. */
class RotationTest {

    private static final TlsSettings BC = TlsSettings.of(TlsSettings.Provider.BCJSSE);

    @TempDir
    Path dir;

    @Test
    void rotatingServerCertificateTwiceUnderLoadFailsNoCall() throws Exception {
        try (TestNode th = new TestNode("TH-CCIB", dir);
                TestNode my = new TestNode("MY-PDRM", dir)) {
            th.trust(my).start(BC);
            my.trust(th);
            ManagedChannel longLived = my.channel(th.peerPort, my.clientTo(th.id, BC));
            assertThat(TestNode.check(longLived).getCode()).isEqualTo(Status.Code.OK);

            AtomicInteger calls = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread client = new Thread(
                    () -> {
                        try {
                            while (!stop.get() && calls.get() < 2000) {
                                int n = calls.incrementAndGet();
                                Status s;
                                if (n % 20 == 0) {
                                    // Fresh context too, so this is a full handshake and not a resumed session.
                                    ManagedChannel fresh = my.channel(th.peerPort, my.clientTo(th.id, BC));
                                    s = TestNode.check(fresh);
                                    fresh.shutdownNow();
                                } else {
                                    s = TestNode.check(longLived);
                                }
                                if (!s.isOk()) {
                                    failures.add(n + ": " + s);
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    },
                    "rotation-client");
            client.start();

            IssuedCertificate first = th.ca.issueNode(Duration.ofDays(90));
            IssuedCertificate second = th.ca.issueNode(Duration.ofDays(90));
            awaitCalls(calls, 300, client);
            th.keys.update(first);
            awaitCalls(calls, 600, client);
            th.keys.update(second);
            awaitCalls(calls, 900, client);
            stop.set(true);
            client.join(); // ends after its current call, which has a deadline of its own

            assertThat(failures).isEmpty();
            assertThat(calls.get()).isGreaterThanOrEqualTo(900);
            Set<String> presented = my.decisions.stream()
                    .filter(d -> d.accepted() && d.listener().equals("client->" + th.id))
                    .map(TrustDecision::fingerprint)
                    .collect(Collectors.toSet());
            assertThat(presented).contains(th.nodeCert.fingerprint(), first.fingerprint(), second.fingerprint());

            // After the last rotation, a new handshake presents the second new certificate.
            int before = my.decisions.size();
            assertThat(TestNode.check(my.channel(th.peerPort, my.clientTo(th.id, BC)))
                            .getCode())
                    .isEqualTo(Status.Code.OK);
            assertThat(my.decisions.subList(before, my.decisions.size()))
                    .anyMatch(d -> d.accepted() && d.fingerprint().equals(second.fingerprint()))
                    .noneMatch(d -> d.fingerprint() != null && !d.fingerprint().equals(second.fingerprint()));
        }
    }

    /** Until the client has made {@code n} calls, or has stopped on an exception (which the test then reports). */
    private static void awaitCalls(AtomicInteger calls, int n, Thread client) {
        Await.until(n + " calls", () -> calls.get() >= n || !client.isAlive());
    }
}
