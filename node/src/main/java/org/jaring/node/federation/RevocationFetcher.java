package org.jaring.node.federation;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jaring.core.failure.Periodic;
import org.jaring.core.text.SafeText;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.RevocationListException;
import org.jaring.core.trust.SignedRevocationList;
import org.jaring.core.trust.TrustStore;
import org.jaring.v1.GetRevocationsRequest;
import org.jaring.v1.PeerServiceGrpc;

/**
 * Fetches every peer's signed revocation list on a fixed interval and installs newer ones, so that a peer
 * revoking its own stolen certificate is protected here within one interval. A peer that cannot be reached
 * keeps its last verified list: exchange with the others goes on.
 */
public final class RevocationFetcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RevocationFetcher.class.getName());

    private final TrustStore trust;
    private final TrustedPeerChannels channels;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jaring-revocation-fetcher");
        t.setDaemon(true);
        return t;
    });

    public RevocationFetcher(TrustStore trust, TrustedPeerChannels channels, Duration interval) {
        this.trust = trust;
        this.channels = channels;
        Periodic.schedule(scheduler, "revocation fetch", Duration.ZERO, interval, this::fetchAll);
    }

    /** One round over every peer; also called on demand. */
    public void fetchAll() {
        for (String id : channels.peerIds()) {
            try {
                fetch(NodeId.of(id));
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "revocation fetch from " + id + " failed: "
                                + e.getClass().getSimpleName() + " " + SafeText.quote(e.getMessage()));
            }
        }
    }

    private void fetch(NodeId peer) {
        PeerServiceGrpc.PeerServiceBlockingStub stub = channels.blockingStub(peer.value());
        if (stub == null) {
            return;
        }
        org.jaring.v1.SignedRevocationList wire;
        try {
            wire = stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .getRevocations(GetRevocationsRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                LOG.fine(() -> "revocation list of " + peer + " not fetched: "
                        + e.getStatus().getCode() + " "
                        + SafeText.quote(e.getStatus().getDescription()));
            }
            return;
        }
        SignedRevocationList installed = trust.snapshot().peerRevocations().get(peer);
        try {
            byte[] encoded = wire.getEncoded().toByteArray();
            if (installed != null && Arrays.equals(installed.encoded(), encoded)) {
                return;
            }
            long sequence = trust.installRevocationList(
                            peer, encoded, wire.getSignature().toByteArray())
                    .sequence();
            PeerHealthRecorder health = channels.health(peer.value());
            if (health != null) {
                health.revocationSequence(sequence);
            }
            LOG.info(() -> "installed revocation list " + sequence + " of " + peer);
        } catch (RevocationListException e) {
            LOG.warning("refused the revocation list offered by " + peer + ": " + SafeText.quote(e.getMessage()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not store the revocation list of " + peer, e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
