package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.PemFiles;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against two real nodes (TH-CCIB and MY-PDRM) running in-process on 127.0.0.1 with mutual TLS. */
class LiveNodesTest {
    @TempDir
    static Path tmp;

    static CliNode th;
    static CliNode my;

    @BeforeAll
    static void start() {
        th = CliNode.init(tmp.resolve("th"), "TH-CCIB").start();
        my = CliNode.init(tmp.resolve("my"), "MY-PDRM").start();
    }

    @AfterAll
    static void stop() {
        if (my != null) {
            my.close();
        }
        if (th != null) {
            th.close();
        }
    }

    @Test
    void anIssuedAnalystCanLookUpWhileACertificateOfAnotherCaCannot() throws Exception {
        CliNode.Run issue = th.offline("cert", "issue", "--role", "analyst", "--name", "somchai", "--validity", "30d")
                .ok();
        Path cert = th.home.clientCertificate("somchai");
        Path key = th.home.clientKey("somchai");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
                .isEqualTo("rw-------");
        assertThat(issue.out())
                .contains(Fingerprints.display(PemFiles.readCertificates(cert).get(0)))
                .containsPattern("\\((29|30) days left\\)");

        CliNode.Run again = th.offline("cert", "issue", "--role", "analyst", "--name", "somchai");
        assertThat(again.exit()).as("never overwrites").isEqualTo(1);
        assertThat(again.err()).contains("already exists");

        CliNode.Run lookup = th.cli(
                        "lookup", "--local", "198.51.100.7", "--cert", cert.toString(), "--key", key.toString())
                .ok();
        assertThat(lookup.out()).contains("198.51.100.7").contains("(no record)");

        // MY-PDRM's admin certificate is valid, but not issued by TH-CCIB's CA.
        CliNode.Run stranger = th.cli(
                "lookup",
                "--local",
                "198.51.100.7",
                "--cert",
                my.home.clientCertificate("admin").toString(),
                "--key",
                my.home.clientKey("admin").toString());
        assertThat(stranger.exit()).as(stranger.err()).isEqualTo(1);
        assertThat(stranger.err()).containsAnyOf("TLS handshake", "refused this client certificate");
    }

    @Test
    void exportedAnchorIsAddedWithTheConfirmedFingerprintListedShownInStatusAndRemoved() throws Exception {
        Path anchor = tmp.resolve("TH-CCIB.anchor.yaml");
        CliNode.Run export = th.offline("trust", "export", "--endpoint", th.peerEndpoint(), "-o", anchor.toString())
                .ok();
        String fp = Fingerprints.display(
                PemFiles.readCertificates(th.home.caCertificate()).get(0));
        assertThat(export.out()).contains(fp);
        assertThat(Files.readString(anchor))
                .contains("format: jaring-trust-anchor/1")
                .contains("node_id: TH-CCIB")
                .contains("fingerprint_sha256: \"" + fp + "\"")
                .contains("BEGIN CERTIFICATE");

        // Colons are optional and case does not matter when confirming.
        CliNode.Run add = my.cli(
                        "trust",
                        "add",
                        anchor.toString(),
                        "--group",
                        "asean",
                        "--fingerprint",
                        fp.replace(":", "").toLowerCase(Locale.ROOT))
                .ok();
        assertThat(add.out()).contains("Added TH-CCIB").contains("asean").contains(fp);

        CliNode.Run list = my.cli("trust", "list").ok();
        assertThat(list.out())
                .contains("TH-CCIB")
                .contains(th.peerEndpoint())
                .contains("asean")
                .contains(fp);

        CliNode.Run status = my.cli("peers", "status").ok();
        assertThat(status.out())
                .contains("NODE")
                .contains("CONNECTIVITY")
                .contains("TH-CCIB")
                .contains(th.peerEndpoint());

        CliNode.Run twice = my.cli("trust", "add", anchor.toString(), "--fingerprint", fp);
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("already");

        my.cli("trust", "remove", "TH-CCIB").ok();
        assertThat(my.cli("trust", "list").ok().out()).doesNotContain("TH-CCIB");
        CliNode.Run removeAgain = my.cli("trust", "remove", "TH-CCIB");
        assertThat(removeAgain.exit()).isEqualTo(1);
        assertThat(removeAgain.err()).contains("not a trusted peer");
    }

    @Test
    void anAnchorIsNotAddedWithAWrongMissingOrDoctoredFingerprint() throws Exception {
        Path anchor = tmp.resolve("TH-CCIB.wrong.anchor.yaml");
        th.offline("trust", "export", "--endpoint", th.peerEndpoint(), "-o", anchor.toString())
                .ok();
        String wrong = Fingerprints.display(
                PemFiles.readCertificates(my.home.caCertificate()).get(0));

        CliNode.Run refused = my.cli("trust", "add", anchor.toString(), "--fingerprint", wrong);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("NOT added");

        CliNode.Run unconfirmed = my.cli("trust", "add", anchor.toString());
        assertThat(unconfirmed.exit()).as("no terminal and no --fingerprint").isEqualTo(2);
        assertThat(unconfirmed.err()).contains("--fingerprint");

        // A file whose fingerprint line was edited to match what an attacker told the admin is refused too.
        String right = Fingerprints.display(
                PemFiles.readCertificates(th.home.caCertificate()).get(0));
        Path doctored = tmp.resolve("doctored.anchor.yaml");
        Files.writeString(doctored, Files.readString(anchor).replace(right, wrong));
        CliNode.Run forged = my.cli("trust", "add", doctored.toString(), "--fingerprint", wrong);
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.err()).contains("not the fingerprint of its certificate");

        assertThat(my.cli("trust", "list").ok().out()).doesNotContain("TH-CCIB");
    }

    @Test
    void aRevokedAnalystIsRefusedAtOnceAlsoOnAnAlreadyOpenChannel() throws Exception {
        th.offline("cert", "issue", "--role", "analyst", "--name", "leaver").ok();
        Path cert = th.home.clientCertificate("leaver");
        Path key = th.home.clientKey("leaver");
        ManagedChannel open =
                OwnNodeClient.open(th.home.trustDir(), "127.0.0.1", th.node().nationalPort(), cert, key, null);
        try {
            var stub = NationalServiceGrpc.newBlockingStub(open);
            var request = LookupLocalRequest.newBuilder()
                    .addQueries(LookupQuery.newBuilder().setValue("198.51.100.7"))
                    .build();
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).lookupLocal(request);

            CliNode.Run fpOnly = th.cli(
                    "trust",
                    "revoke",
                    "--fingerprint",
                    Fingerprints.sha256(PemFiles.readCertificates(cert).get(0)));
            assertThat(fpOnly.exit()).as("own certificates need --cert").isEqualTo(2);
            assertThat(fpOnly.err()).contains("--cert FILE");

            CliNode.Run revoke = th.cli("trust", "revoke", "--cert", cert.toString(), "--reason", "left the unit")
                    .ok();
            assertThat(revoke.out())
                    .contains("urn:jaring:analyst:TH-CCIB:leaver")
                    .containsPattern("list #\\d+");

            assertThatThrownBy(
                            () -> stub.withDeadlineAfter(60, TimeUnit.SECONDS).lookupLocal(request))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode())
                                    .isIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED));
        } finally {
            open.shutdownNow();
        }
        CliNode.Run fresh =
                th.cli("lookup", "--local", "198.51.100.7", "--cert", cert.toString(), "--key", key.toString());
        assertThat(fresh.exit()).as(fresh.err()).isEqualTo(1);

        assertThat(th.cli("trust", "revoke", "--cert", cert.toString()).ok().out())
                .contains("Already revoked");

        CliNode.Run foreign = th.cli(
                "trust", "revoke", "--cert", my.home.clientCertificate("admin").toString());
        assertThat(foreign.exit()).isEqualTo(1);
        assertThat(foreign.err()).contains("not issued by this node's CA").contains("--peer MY-PDRM");
    }

    @Test
    void rotatingTheNodeCertificateWhileRunningMakesNewConnectionsSeeTheNewOne() throws Exception {
        String before = Fingerprints.display(servedCertificate(th));
        CliNode.Run rotate = th.cli("cert", "rotate", "--validity", "10d").ok();
        String written = Fingerprints.display(
                PemFiles.readCertificates(th.home.nodeCertificate()).get(0));
        assertThat(written).isNotEqualTo(before);
        assertThat(rotate.out()).contains("now presents " + written).containsPattern("\\((9|10) days left\\)");
        assertThat(Fingerprints.display(servedCertificate(th))).isEqualTo(written);
        assertThat(Fingerprints.display(PemFiles.readCertificates(th.root.resolve("pki/node.pem.previous"))
                        .get(0)))
                .isEqualTo(before);
        // The CLI itself still reaches the node over a fresh connection with the new certificate.
        th.cli("trust", "list").ok();
    }

    /** Completes a TLS handshake with the node's admin listener and returns the certificate the node presented. */
    private static X509Certificate servedCertificate(CliNode n) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<X509Certificate> chain = PemFiles.readCertificates(n.home.clientCertificate("admin"));
        ks.setKeyEntry(
                "admin",
                PemFiles.readPrivateKey(n.home.clientKey("admin"), null),
                new char[0],
                chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        AtomicReference<X509Certificate> seen = new AtomicReference<>();
        TrustManager capture = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String a) {}

            @Override
            public void checkServerTrusted(X509Certificate[] c, String a) {
                seen.set(c[0]); // only observed: the test compares fingerprints itself
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), new TrustManager[] {capture}, null);
        try (SSLSocket s = (SSLSocket)
                ctx.getSocketFactory().createSocket("127.0.0.1", n.node().adminPort())) {
            SSLParameters p = s.getSSLParameters();
            p.setApplicationProtocols(new String[] {"h2"});
            s.setSSLParameters(p);
            s.setSoTimeout(60_000);
            s.startHandshake();
        }
        assertThat(seen.get()).isNotNull();
        return seen.get();
    }
}
