package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationListTest {

    private static final NodeId TH = NodeId.of("TH-CCIB");
    private static final NodeId MY = NodeId.of("MY-PDRM");
    private final NationalCa thCa = NationalCa.create(TH);
    private final NationalCa myCa = NationalCa.create(MY);

    @TempDir
    Path dir;

    private RevocationList list(NationalCa ca, long seq) {
        IssuedCertificate a = ca.issueAnalyst("alice", Duration.ofDays(1));
        IssuedCertificate b = ca.issueNode(Duration.ofDays(1));
        Instant t = Instant.parse("2025-01-02T03:04:05.123456Z");
        return new RevocationList(
                ca.nodeId(),
                seq,
                t,
                List.of(
                        RevocationList.Entry.of(a.certificate(), t, "key compromise"),
                        RevocationList.Entry.of(b.certificate(), t, "superseded")));
    }

    @Test
    void signVerifyRoundTripIsCanonical() throws Exception {
        RevocationList l = list(thCa, 3);
        SignedRevocationList signed = l.sign(thCa.privateKey());

        RevocationList back = RevocationList.verify(signed.encoded(), signed.signature(), thCa.certificate());

        assertThat(back).isEqualTo(l);
        // Same content in another order encodes to the same bytes.
        RevocationList reordered = new RevocationList(
                TH, 3, l.issuedAt(), List.of(l.entries().get(1), l.entries().get(0)));
        assertThat(reordered.encode()).isEqualTo(l.encode());
        assertThat(back.isRevoked(l.entries().get(0).serial(), "00".repeat(32))).isTrue();
    }

    @Test
    void anyTamperedByteIsRefused() {
        SignedRevocationList signed = list(thCa, 1).sign(thCa.privateKey());
        byte[] enc = signed.encoded();
        for (int i = 0; i < enc.length; i += 7) {
            byte[] t = enc.clone();
            t[i] ^= 0x01;
            assertThatThrownBy(() -> RevocationList.verify(t, signed.signature(), thCa.certificate()))
                    .isInstanceOfSatisfying(
                            RevocationListException.class,
                            e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.BAD_SIGNATURE));
        }
        byte[] sig = signed.signature();
        sig[sig.length - 1] ^= 0x01;
        assertThatThrownBy(() -> RevocationList.verify(enc, sig, thCa.certificate()))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.BAD_SIGNATURE));
    }

    @Test
    void wrongIssuerIsRefused() {
        // MY's CA signs a list that claims to be TH's.
        RevocationList claimsTh =
                new RevocationList(TH, 5, Instant.now(), list(myCa, 5).entries());
        SignedRevocationList signed = claimsTh.sign(myCa.privateKey());

        assertThatThrownBy(() -> RevocationList.verify(signed.encoded(), signed.signature(), myCa.certificate()))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.WRONG_ISSUER));
        assertThatThrownBy(() -> RevocationList.verify(signed.encoded(), signed.signature(), thCa.certificate()))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.BAD_SIGNATURE));
    }

    @Test
    void olderOrReplayedSequenceIsRefusedByTrustStore() throws Exception {
        TrustStore store = TrustStore.create(dir, TH, thCa.certificate(), Clock.systemUTC());
        store.addPeer(MY, myCa.certificate(), myCa.fingerprint(), "my.example:8443", Set.of());
        SignedRevocationList v2 = list(myCa, 2).sign(myCa.privateKey());
        SignedRevocationList v1 = list(myCa, 1).sign(myCa.privateKey());
        store.installRevocationList(MY, v2.encoded(), v2.signature());

        for (SignedRevocationList stale : List.of(v1, v2)) {
            assertThatThrownBy(() -> store.installRevocationList(MY, stale.encoded(), stale.signature()))
                    .isInstanceOfSatisfying(
                            RevocationListException.class,
                            e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.STALE_SEQUENCE));
        }
        assertThat(store.snapshot().peerRevocations().get(MY).list().sequence()).isEqualTo(2);
        // A list signed by someone else offered as MY's never verifies against MY's anchor.
        SignedRevocationList fromTh = list(thCa, 9).sign(thCa.privateKey());
        assertThatThrownBy(() -> store.installRevocationList(MY, fromTh.encoded(), fromTh.signature()))
                .isInstanceOfSatisfying(
                        RevocationListException.class,
                        e -> assertThat(e.reason()).isEqualTo(RevocationListException.Reason.BAD_SIGNATURE));
    }
}
