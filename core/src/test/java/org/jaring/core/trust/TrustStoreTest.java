package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStoreTest {

    private static final NodeId TH = NodeId.of("TH-CCIB");
    private static final NodeId MY = NodeId.of("MY-PDRM");
    private static final NodeId SG = NodeId.of("SG-SPF");
    private final NationalCa thCa = NationalCa.create(TH);
    private final NationalCa myCa = NationalCa.create(MY);
    private final NationalCa sgCa = NationalCa.create(SG);

    @TempDir
    Path dir;

    private TrustStore newStore() throws IOException {
        return TrustStore.create(dir, TH, thCa.certificate(), Clock.systemUTC());
    }

    @Test
    void changesSurviveReopening() throws Exception {
        TrustStore store = newStore();
        List<TrustSnapshot> seen = new CopyOnWriteArrayList<>();
        store.addListener(seen::add);
        store.addPeer(
                MY,
                myCa.certificate(),
                Fingerprints.display(myCa.certificate()),
                "my.example:8443",
                Set.of("asean", "a"));
        store.addPeer(SG, sgCa.certificate(), sgCa.fingerprint(), "sg.example:8443", Set.of());
        IssuedCertificate alice = thCa.issueAnalyst("alice", Duration.ofDays(1));
        store.revokeOwn(alice.certificate(), "left the unit");
        SignedRevocationList myList = new RevocationList(MY, 4, Instant.now(), List.of()).sign(myCa.privateKey());
        store.installRevocationList(MY, myList.encoded(), myList.signature());
        store.removePeer(SG);
        TrustSnapshot before = store.snapshot();

        TrustSnapshot after = TrustStore.open(dir, Clock.systemUTC()).snapshot();

        assertThat(seen).hasSize(5);
        assertThat(after.version()).isEqualTo(before.version()).isEqualTo(6);
        assertThat(after.ownNodeId()).isEqualTo(TH);
        assertThat(after.ownCa()).isEqualTo(thCa.certificate());
        assertThat(after.peers()).isEqualTo(before.peers()).containsOnlyKeys(MY);
        assertThat(after.peers().get(MY).groups()).containsExactly("a", "asean");
        assertThat(after.ownRevocations()).isEqualTo(before.ownRevocations());
        assertThat(after.isRevoked(TH, alice.certificate().getSerialNumber(), alice.fingerprint()))
                .isTrue();
        assertThat(after.peerRevocations().get(MY).list().sequence()).isEqualTo(4);
    }

    @Test
    void corruptedFileIsAnErrorNamingTheFile() throws Exception {
        TrustStore store = newStore();
        store.addPeer(MY, myCa.certificate(), myCa.fingerprint(), "my.example:8443", Set.of());
        Path file = store.path();
        String json = Files.readString(file);

        Files.writeString(file, json.substring(0, json.length() / 2));
        assertThatThrownBy(() -> TrustStore.open(dir, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("corrupt");

        // Well-formed JSON whose pinned fingerprint no longer matches the anchor: also refused.
        String fp = myCa.fingerprint();
        Files.writeString(file, json.replace(fp, "0".repeat(64)), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> TrustStore.open(dir, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("fingerprint does not match");

        Files.delete(file);
        assertThatThrownBy(() -> TrustStore.open(dir, Clock.systemUTC()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void addingAPeerNeedsTheConfirmedFingerprintAndAProperAnchor() throws Exception {
        TrustStore store = newStore();
        String wrong = sgCa.fingerprint();

        assertThatThrownBy(() -> store.addPeer(MY, myCa.certificate(), wrong, "my.example:8443", Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Fingerprints.display(wrong))
                .hasMessageContaining(Fingerprints.display(myCa.certificate()));
        // MY's CA offered as SG's anchor.
        assertThatThrownBy(() -> store.addPeer(SG, myCa.certificate(), myCa.fingerprint(), "sg.example:8443", Set.of()))
                .hasMessageContaining("not node SG-SPF");
        // A node certificate is not a CA.
        IssuedCertificate node = myCa.issueNode(Duration.ofDays(1));
        assertThatThrownBy(() -> store.addPeer(MY, node.certificate(), node.fingerprint(), "my.example:8443", Set.of()))
                .hasMessageContaining("not a CA certificate");
        assertThatThrownBy(() -> store.addPeer(TH, thCa.certificate(), thCa.fingerprint(), "th.example:8443", Set.of()))
                .hasMessageContaining("own ID");
        assertThat(store.snapshot().peers()).isEmpty();
        assertThat(TrustStore.open(dir, Clock.systemUTC()).snapshot().version()).isEqualTo(1);
    }

    @Test
    void anExpiredAnchorIsRefusedInWordsNotTheJdksNotAfterText() throws Exception {
        Instant afterExpiry = myCa.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        TrustStore store =
                TrustStore.create(dir, TH, thCa.certificate(), Clock.fixed(afterExpiry, java.time.ZoneOffset.UTC));
        assertThatThrownBy(() -> store.addPeer(MY, myCa.certificate(), myCa.fingerprint(), "my.example:8443", Set.of()))
                .hasMessageContaining("its CA certificate expired on")
                .hasMessageContaining("jaring trust export")
                .hasMessageNotContaining("NotAfter");
    }
}
