package org.jaring.core.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {

    @TempDir
    Path dir;

    private final NationalCa ca = NationalCa.create(NodeId.of("TH-CCIB"));

    @Test
    void keysAreWritten0600AndRoundTrip() throws Exception {
        IssuedCertificate node = ca.issueNode(Duration.ofDays(1));
        Path enc = dir.resolve("node.key");
        Path plain = dir.resolve("plain.key");

        PemFiles.writePrivateKey(enc, node.privateKey(), "correct horse".toCharArray());
        PemFiles.writePrivateKey(plain, node.privateKey(), null);

        for (Path p : List.of(enc, plain)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(enc)).contains("BEGIN ENCRYPTED PRIVATE KEY");
        PrivateKey back = PemFiles.readPrivateKey(enc, "correct horse".toCharArray());
        // Compare the scalar: encoders differ in whether they repeat the curve parameters inside the key.
        assertThat(s(back)).isEqualTo(s(node.privateKey()));
        assertThat(s(PemFiles.readPrivateKey(plain, null))).isEqualTo(s(node.privateKey()));
        assertThat(NationalCa.keyMatches(back, node.certificate().getPublicKey()))
                .isTrue();
        // Overwriting keeps 0600 (new temp file, renamed).
        PemFiles.writePrivateKey(enc, node.privateKey(), "x".toCharArray());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(enc)))
                .isEqualTo("rw-------");
    }

    private static BigInteger s(PrivateKey k) {
        return ((ECPrivateKey) k).getS();
    }

    @Test
    void wrongOrMissingPassphraseAndMalformedFilesGiveClearErrors() throws Exception {
        Path enc = dir.resolve("ca.key");
        PemFiles.writePrivateKey(enc, ca.privateKey(), "right".toCharArray());

        assertThatThrownBy(() -> PemFiles.readPrivateKey(enc, "wrong".toCharArray()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(enc.toString())
                .hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(enc, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("passphrase is required");

        Path junk = dir.resolve("junk.key");
        Files.writeString(junk, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(junk, null))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(junk.toString());
        Path notCert = dir.resolve("junk.pem");
        Files.writeString(notCert, "hello");
        assertThatThrownBy(() -> PemFiles.readCertificates(notCert))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(notCert.toString());
    }

    @Test
    void certificateChainsRoundTrip() throws Exception {
        IssuedCertificate node = ca.issueNode(Duration.ofDays(1));
        Path p = dir.resolve("node.pem");
        PemFiles.writeCertificates(p, List.of(node.chain()));
        assertThat(PemFiles.readCertificates(p)).containsExactly(node.chain());
    }
}
