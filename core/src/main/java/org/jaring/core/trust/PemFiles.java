package org.jaring.core.trust;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM files for certificate chains and PKCS#8 private keys. Key files are created with mode 0600 before any byte
 * is written (the permission is a creation attribute of a temp file that is then renamed into place), so a key is
 * never readable by others, not even briefly.
 */
public final class PemFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** PBKDF2-HMAC-SHA256 rounds for encrypted keys: slow enough to hurt guessing, fast enough for a node start. */
    static final int PBKDF2_ITERATIONS = 310_000;

    private PemFiles() {}

    // ---- certificates ----------------------------------------------------------------------------------------

    public static String toPem(List<X509Certificate> chain) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            for (X509Certificate c : chain) {
                w.writeObject(c);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    public static String toPem(X509Certificate cert) {
        return toPem(List.of(cert));
    }

    /** Parses PEM text holding one or more certificates; {@code source} names the origin in error messages. */
    public static List<X509Certificate> certificatesFromPem(String pem, String source) throws IOException {
        List<X509Certificate> out = new ArrayList<>();
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o;
            while ((o = p.readObject()) != null) {
                if (!(o instanceof X509CertificateHolder h)) {
                    throw new IOException(source + ": expected only CERTIFICATE blocks, found "
                            + o.getClass().getSimpleName());
                }
                out.add(new JcaX509CertificateConverter().getCertificate(h));
            }
        } catch (CertificateException | RuntimeException e) {
            throw new IOException(damaged(source), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw new IOException(damaged(source), e);
        }
        if (out.isEmpty()) {
            throw new IOException(source + ": no certificate found");
        }
        return out;
    }

    /**
     * The parser's own text ("Extra data detected in stream", a class name) tells a person nothing; say what is wrong
     * and what to do. The cause stays attached for JARING_DEBUG.
     */
    private static String damaged(String source) {
        return source + ": malformed certificate PEM: the block between -----BEGIN CERTIFICATE----- and -----END"
                + " CERTIFICATE----- is damaged; copy it again whole from its source";
    }

    public static X509Certificate certificateFromPem(String pem, String source) throws IOException {
        List<X509Certificate> l = certificatesFromPem(pem, source);
        if (l.size() != 1) {
            throw new IOException(source + ": expected exactly one certificate, found " + l.size());
        }
        return l.get(0);
    }

    public static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        writeAtomically(file, toPem(chain).getBytes(StandardCharsets.US_ASCII), false);
    }

    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        return certificatesFromPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
    }

    // ---- private keys ----------------------------------------------------------------------------------------

    /**
     * Writes a PKCS#8 private key. With a passphrase, the key is encrypted (AES-256-CBC, key from PBKDF2-HMAC-SHA256);
     * a null or empty passphrase writes an unencrypted key, still 0600.
     */
    public static void writePrivateKey(Path file, PrivateKey key, char[] passphrase) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            OutputEncryptor enc = null;
            if (passphrase != null && passphrase.length > 0) {
                enc = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(Crypto.bc())
                        .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                        .setIterationCount(PBKDF2_ITERATIONS)
                        .setPassword(passphrase)
                        .build();
            }
            w.writeObject(new JcaPKCS8Generator(key, enc));
        } catch (OperatorCreationException e) {
            throw new IOException(file + ": cannot set up key encryption", e);
        }
        writeAtomically(file, sw.toString().getBytes(StandardCharsets.US_ASCII), true);
    }

    /** Reads a private key; wrong passphrase, missing passphrase and malformed content each give a clear message. */
    public static PrivateKey readPrivateKey(Path file, char[] passphrase) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Object o;
        try (PEMParser p = new PEMParser(new StringReader(text))) {
            o = p.readObject();
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": malformed private key PEM (" + e.getMessage() + ")", e);
        }
        if (o == null) {
            throw new IOException(file + ": no private key found");
        }
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(Crypto.bc()); // then standard(): JDK key
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (passphrase == null || passphrase.length == 0) {
                    throw new IOException(file + ": private key is encrypted, a passphrase is required");
                }
                PrivateKeyInfo info;
                try {
                    info = enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                            .setProvider(Crypto.bc())
                            .build(passphrase));
                } catch (Exception e) {
                    // A wrong passphrase usually shows as bad padding, occasionally as garbage ASN.1: same answer.
                    throw new IOException(file + ": wrong passphrase (or corrupted key file)");
                }
                return standard(conv.getPrivateKey(info));
            }
            if (o instanceof PrivateKeyInfo info) {
                return standard(conv.getPrivateKey(info));
            }
            if (o instanceof PEMKeyPair kp) {
                return standard(conv.getKeyPair(kp).getPrivate());
            }
        } catch (PEMException e) {
            throw new IOException(file + ": unusable private key (" + e.getMessage() + ")", e);
        }
        throw new IOException(
                file + ": expected a PKCS#8 private key, found " + o.getClass().getSimpleName());
    }

    /**
     * BouncyCastle's converter names EC keys "ECDSA"; the JDK's TLS provider accepts only "EC" and refused the
     * node key read from a file (no TLS handshake with {@code tls.provider: JDK}). Keys made in memory, as in
     * the tests, were already the JDK's; keys read from files now are too, whichever provider later uses them.
     */
    private static PrivateKey standard(PrivateKey key) throws IOException {
        if (!"ECDSA".equals(key.getAlgorithm()) || key.getEncoded() == null) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the EC private key: " + e.getMessage(), e);
        }
    }

    // ---- files -----------------------------------------------------------------------------------------------

    /**
     * Temp file (created 0600 when secret) + fsync + atomic rename + directory fsync: a crash leaves either the old
     * or the new content, never a half-written file.
     */
    public static void writeAtomically(Path file, byte[] content, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (secret && !posix) {
            // Refuse rather than write a key we cannot protect.
            throw new IOException(file + ": file system has no POSIX permissions, refusing to write a private key");
        }
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(
                            secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--"))
                }
                : new FileAttribute<?>[0];
        try {
            Files.createFile(tmp, attrs);
            if (posix) {
                // The creation mode is filtered by the umask; set it explicitly too, still before any content.
                Files.setPosixFilePermissions(tmp, secret ? OWNER_ONLY : PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                out.write(content);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some platforms cannot open directories; the rename itself is still atomic there.
        }
    }
}
