package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.StoreSettings;
import org.jaring.core.failure.StorageException;
import org.jaring.core.trust.KeySource;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.NodeId;
import org.jaring.core.trust.TrustVerifier;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AuditKind;
import org.jaring.v1.VerifyAuditResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.RocksDBException;

/**
 * A failed audit write (the store refusing writes, as on a full disk: RocksDB's own space limit) fails its
 * callers at once, with a storage failure that names the data folder; later calls fail the same way instead of
 * hanging, and once the store takes writes again the queued records are written in order: the chain stays whole.
 * Before, the failure could not even be built ("Can't overwrite cause"), the writing flag stayed set, and every
 * later audited call (and the shutdown) waited for ever.
 */
class AuditWriteFailureTest {
    private static final String TH = "TH-CCIB";
    private static final String ADMIN = "urn:jaring:admin:TH-CCIB:root";

    @TempDir
    Path dir;

    private final NationalCa ca = NationalCa.create(NodeId.of(TH));
    private final AuditSettings settings =
            new AuditSettings(1_000, Duration.ofDays(1), Duration.ofDays(365 * 7), Duration.ofDays(1));

    @Test
    void aFailedWriteFailsItsCallersAndALaterWriteRetriesIt() throws Exception {
        try (RocksStore store = RocksStore.open(dir.resolve("data"), TH, StoreSettings.defaults())) {
            RocksAuditLog log = new RocksAuditLog(
                    store,
                    KeySource.of(ca.issueNode(Duration.ofDays(1))),
                    TH,
                    Clock.systemUTC(),
                    settings,
                    AuditWitness.beside(dir.resolve("data")));
            log.record(AuditKind.AUDIT_KIND_ADMIN_ACTION, ADMIN, "before", "n", "1");

            store.limitSpace(1);
            assertThatThrownBy(store::flush).isInstanceOf(RocksDBException.class);

            for (int i = 0; i < 3; i++) { // each call fails promptly: none waits on a writer that is gone
                int n = i;
                CompletableFuture<Void> call = CompletableFuture.runAsync(() -> log.appendWritten(
                        AuditKind.AUDIT_KIND_ADMIN_ACTION, ADMIN, "refused " + n, java.util.List.of()));
                Throwable failure = outcome(call);
                assertThat(failure).isInstanceOf(StorageException.class);
                StorageException storage = (StorageException) failure;
                assertThat(storage.kind()).isEqualTo(StorageException.Kind.NO_SPACE);
                assertThat(storage.getMessage())
                        .contains(dir.resolve("data").toString())
                        .contains("free");
            }
            assertThat(store.faults().writeFault()).isEqualTo(StorageException.Kind.NO_SPACE);

            store.limitSpace(0); // space returns: RocksDB resumes by itself
            Await.until("the audit log takes records again", () -> {
                try {
                    log.appendWritten(AuditKind.AUDIT_KIND_ADMIN_ACTION, ADMIN, "after", java.util.List.of());
                    return true;
                } catch (StorageException e) {
                    return false;
                }
            });
            assertThat(store.faults().writeFault()).isNull();
            long last = log.checkpoint(false);
            log.close();

            VerifyAuditResponse verified =
                    AuditAdministration.verifyStore(store, TH, ca.certificate(), TrustVerifier.Revocations.NONE_KNOWN);
            assertThat(verified.getIntact()).as(verified.toString()).isTrue();
            assertThat(verified.getLastSequence()).isEqualTo(last);
            assertThat(verified.getRecords()).isEqualTo(last); // no gap: the refused records were written later
        }
    }

    private static Throwable outcome(CompletableFuture<Void> call) throws InterruptedException {
        try {
            call.get(1, TimeUnit.MINUTES); // a bound against a hung build, not a timing assertion
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("an audited call hung after a failed write", e);
        }
    }
}
