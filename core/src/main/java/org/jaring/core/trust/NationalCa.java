package org.jaring.core.trust;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's own certificate authority. There is no shared root: every node runs one of these, and peers pin its
 * certificate. The CA certificate carries {@code urn:jaring:node:<ID>} as SAN URI so that the anchor itself says
 * which node it belongs to, and the trust store can refuse binding it to another ID.
 */
public final class NationalCa {

    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofDays(3650);
    public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(90);
    public static final Duration DEFAULT_CLIENT_VALIDITY = Duration.ofDays(365);
    /** Certificates start slightly in the past so that a peer whose clock is a little behind accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    /** Extended key usages a test or the CLI may ask for. */
    public enum Usage {
        SERVER_AUTH,
        CLIENT_AUTH
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final NodeId nodeId;
    private final PrivateKey caKey;
    private final X509Certificate caCertificate;
    private final Clock clock;

    private NationalCa(NodeId nodeId, PrivateKey caKey, X509Certificate caCertificate, Clock clock) {
        this.nodeId = nodeId;
        this.caKey = caKey;
        this.caCertificate = caCertificate;
        this.clock = clock;
    }

    public static NationalCa create(NodeId nodeId) {
        return create(nodeId, DEFAULT_CA_VALIDITY, Clock.systemUTC());
    }

    /** Creates a new CA key pair and self-signed CA certificate (CA:true, pathLen 0: it signs only end entities). */
    public static NationalCa create(NodeId nodeId, Duration validity, Clock clock) {
        Objects.requireNonNull(nodeId, "nodeId");
        try {
            KeyPair kp = newKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Jaring")
                    .addRDN(BCStyle.CN, "Jaring national CA " + nodeId.value())
                    .build();
            Instant now = clock.instant();
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    subject,
                    newSerial(),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)),
                    subject,
                    kp.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(kp.getPublic()));
            b.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(
                            GeneralName.uniformResourceIdentifier,
                            IdentityUri.node(nodeId).uri())));
            X509Certificate cert = sign(b, kp.getPrivate());
            return new NationalCa(nodeId, kp.getPrivate(), cert, clock);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA for " + nodeId, e);
        }
    }

    /** Re-opens a CA from its stored key and certificate, checking that they belong together and name the node. */
    public static NationalCa of(PrivateKey caKey, X509Certificate caCertificate, Clock clock) {
        IdentityUri id = IdentityUri.of(caCertificate);
        if (id.role() != Role.PEER_NODE || caCertificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(
                    "not a Jaring national CA certificate: " + caCertificate.getSubjectX500Principal());
        }
        if (!keyMatches(caKey, caCertificate.getPublicKey())) {
            throw new IllegalArgumentException("CA private key does not match the CA certificate of " + id.nodeId());
        }
        return new NationalCa(id.nodeId(), caKey, caCertificate, clock);
    }

    /** The same CA issuing at another time: tests use it for expired and not-yet-valid certificates. */
    public NationalCa withClock(Clock otherClock) {
        return new NationalCa(nodeId, caKey, caCertificate, otherClock);
    }

    public NodeId nodeId() {
        return nodeId;
    }

    public X509Certificate certificate() {
        return caCertificate;
    }

    public PrivateKey privateKey() {
        return caKey;
    }

    public String fingerprint() {
        return Fingerprints.sha256(caCertificate);
    }

    public IssuedCertificate issueNode(Duration validity) {
        return issue(List.of(IdentityUri.node(nodeId).uri()), EnumSet.allOf(Usage.class), validity, "node " + nodeId);
    }

    public IssuedCertificate issueAnalyst(String user, Duration validity) {
        return issue(
                List.of(IdentityUri.analyst(nodeId, user).uri()),
                EnumSet.of(Usage.CLIENT_AUTH),
                validity,
                "analyst " + user);
    }

    public IssuedCertificate issueAdmin(String user, Duration validity) {
        return issue(
                List.of(IdentityUri.admin(nodeId, user).uri()),
                EnumSet.of(Usage.CLIENT_AUTH),
                validity,
                "admin " + user);
    }

    /**
     * Issues with arbitrary SAN URIs (none, several, or claiming any identity) and usages. Meant for negative
     * tests and tooling; the verifier, not the issuer, is what enforces the rules.
     */
    public IssuedCertificate issueCustom(List<String> sanUris, Set<Usage> usages, Duration validity) {
        return issue(sanUris, usages, validity, "custom");
    }

    private IssuedCertificate issue(List<String> sanUris, Set<Usage> usages, Duration validity, String cn) {
        try {
            KeyPair kp = newKeyPair();
            return new IssuedCertificate(
                    kp.getPrivate(), certify(kp.getPublic(), sanUris, usages, validity, cn), caCertificate);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue certificate", e);
        }
    }

    /** Signs a certificate for a key generated elsewhere (e.g. on the node itself during rotation). */
    public X509Certificate certify(PublicKey key, List<String> sanUris, Set<Usage> usages, Duration validity, String cn)
            throws GeneralSecurityException {
        Instant now = clock.instant();
        Instant notAfter = now.plus(validity);
        // Never outlive the issuing CA: a leaf valid past its anchor would fail path validation later anyway.
        Instant caEnd = caCertificate.getNotAfter().toInstant();
        if (notAfter.isAfter(caEnd)) {
            notAfter = caEnd;
        }
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Jaring")
                .addRDN(BCStyle.OU, nodeId.value())
                .addRDN(BCStyle.CN, cn)
                .build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    caCertificate, newSerial(), Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            List<KeyPurposeId> ekus = new ArrayList<>();
            if (usages.contains(Usage.SERVER_AUTH)) {
                ekus.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usages.contains(Usage.CLIENT_AUTH)) {
                ekus.add(KeyPurposeId.id_kp_clientAuth);
            }
            if (!ekus.isEmpty()) {
                b.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus.toArray(KeyPurposeId[]::new)));
            }
            if (!sanUris.isEmpty()) {
                GeneralName[] names = sanUris.stream()
                        .map(u -> new GeneralName(GeneralName.uniformResourceIdentifier, u))
                        .toArray(GeneralName[]::new);
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCertificate));
            return sign(b, caKey);
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot encode certificate extensions", e);
        }
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    /** Random positive 128-bit serial: unpredictable, and collisions are not a practical concern. */
    private static BigInteger newSerial() {
        BigInteger s;
        do {
            s = new BigInteger(128, RANDOM);
        } while (s.signum() == 0);
        return s;
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(key);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create signer", e);
        }
    }

    /** Proves possession: a signature made with the private key verifies with the public key. */
    static boolean keyMatches(PrivateKey priv, PublicKey pub) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(SIGNATURE_ALGORITHM);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
