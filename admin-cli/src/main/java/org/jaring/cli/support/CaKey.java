package org.jaring.cli.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import org.jaring.cli.UserError;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.trust.NationalCa;
import org.jaring.core.trust.PemFiles;

/**
 * Opens the national CA from a node home for the commands that sign (cert issue, cert rotate, trust revoke). The
 * key is read here, in the CLI, and never sent to the node: the node only ever verifies what the CA signed.
 */
public final class CaKey {
    private CaKey() {}

    /**
     * Loads the national CA's key for a command that signs with it.
     *
     * @param passphraseEnv the --ca-passphrase-env value, or null: then an encrypted key is asked for on the
     *                      terminal, and without a terminal the command stops with what to pass instead
     */
    public static NationalCa open(NodeHome home, String passphraseEnv) {
        X509Certificate caCert;
        try {
            caCert = PemFiles.readCertificates(home.caCertificate()).get(0);
        } catch (NoSuchFileException e) {
            throw new UserError(
                    home.caCertificate() + " does not exist; is --home the folder 'jaring node init' created?");
        } catch (IOException e) {
            throw new UserError("cannot read the CA certificate: " + e.getMessage());
        }
        String keyText;
        try {
            keyText = Files.readString(home.caKey(), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new UserError(home.caKey() + " does not exist: signing needs the national CA key; run this command"
                    + " where the key is kept (it may be offline on purpose), with --home pointing at that copy");
        } catch (IOException e) {
            throw new UserError("cannot read the CA key: " + e.getMessage());
        }
        char[] passphrase = null;
        if (passphraseEnv != null) {
            passphrase = Secrets.fromEnv("--ca-passphrase-env", passphraseEnv);
        } else if (keyText.contains("ENCRYPTED PRIVATE KEY")) {
            passphrase = Secrets.prompt("Passphrase of the national CA key " + home.caKey() + ": ");
            if (passphrase == null) {
                throw new UserError(home.caKey() + " is encrypted and there is no terminal to ask for its passphrase;"
                        + " pass --ca-passphrase-env VAR with the passphrase in the environment variable VAR");
            }
        }
        PrivateKey key;
        try {
            key = PemFiles.readPrivateKey(home.caKey(), passphrase);
        } catch (IOException e) {
            throw new UserError("cannot open the CA key: " + e.getMessage());
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        try {
            return NationalCa.of(key, caCert, Clock.systemUTC());
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }
}
