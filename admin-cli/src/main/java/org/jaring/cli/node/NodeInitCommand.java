package org.jaring.cli.node;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.cli.support.Durations;
import org.jaring.cli.support.Secrets;
import org.jaring.core.config.HostPort;
import org.jaring.core.setup.NodeHome;
import org.jaring.core.setup.NodeInit;
import org.jaring.core.trust.Fingerprints;
import org.jaring.core.trust.IdentityUri;
import org.jaring.core.trust.NodeId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jaring node init}: a new node home, checked up front so a typo does not leave a half-made node. */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        header = "Create a new node: national CA, node and admin certificates, trust store, node.yaml.",
        description = {
            "Creates a new node in an empty folder: a national CA (its key stays in pki/ca.key and is only ever"
                    + " used by this CLI), the node's certificate, a first admin client certificate"
                    + " (pki/admin.pem and pki/admin.key), a trust store with a first signed revocation list, and"
                    + " node.yaml.",
            "Read the printed CA fingerprint to each peer's admin over a channel you already trust (phone,"
                    + " in person): it is what they confirm when they add your node."
        },
        footer = {
            "",
            "Example:",
            "  jaring node init --home /srv/jaring --node-id TH-CCIB --country TH \\",
            "      --unit 'Cyber Crime Investigation Bureau 24/7' --phone +6621234567 \\",
            "      --email cc247@ccib.go.th \\",
            "      --languages th,en --ca-passphrase-env JARING_CA_PASS"
        })
public final class NodeInitCommand implements Callable<Integer> {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @Option(
            names = "--home",
            paramLabel = "DIR",
            required = true,
            description = "Folder for the new node; created if missing, refused if it already holds a node.")
    Path home;

    @Option(
            names = "--node-id",
            paramLabel = "ID",
            required = true,
            description =
                    "The node's identity, CC-UNIT: ISO country code, '-', up to 16 of A-Z and 0-9 (e.g. TH-CCIB).")
    String nodeId;

    @Option(
            names = "--country",
            paramLabel = "CC",
            description =
                    "ISO 3166-1 alpha-2 country code in upper case (default: the first two letters of --node-id).")
    String country;

    @Option(
            names = "--unit",
            paramLabel = "TEXT",
            required = true,
            description = "Name of the 24/7 point of contact that peers see with every hit.")
    String unit;

    @Option(
            names = "--phone",
            paramLabel = "E164",
            required = true,
            description = "Its phone number in international form, e.g. +6621234567.")
    String phone;

    @Option(names = "--email", paramLabel = "ADDR", required = true, description = "Its e-mail address.")
    String email;

    @Option(
            names = "--languages",
            paramLabel = "LANG",
            split = ",",
            defaultValue = "en",
            description = "Languages the contact point speaks, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> languages;

    @Option(
            names = "--peer-listen",
            paramLabel = "HOST:PORT",
            defaultValue = "0.0.0.0:7400",
            description = "Where peers connect (default: ${DEFAULT-VALUE}).")
    String peerListen;

    @Option(
            names = "--national-listen",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:7401",
            description = "Where your analysts and tools connect (default: ${DEFAULT-VALUE}).")
    String nationalListen;

    @Option(
            names = "--admin-listen",
            paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:7402",
            description = "Where this CLI connects for admin commands (default: ${DEFAULT-VALUE}).")
    String adminListen;

    @Option(
            names = "--admin-name",
            paramLabel = "NAME",
            defaultValue = "root",
            description = "User name in the first admin certificate (default: ${DEFAULT-VALUE}).")
    String adminName;

    @Option(
            names = "--ca-passphrase-env",
            paramLabel = "VAR",
            description = "Encrypt the CA key with the passphrase in the environment variable VAR. Without it, the"
                    + " passphrase is asked on the terminal (empty for none); with no terminal the key is written"
                    + " unencrypted.")
    String caPassphraseEnv;

    @Option(
            names = "--ca-validity",
            paramLabel = "DURATION",
            defaultValue = "3650d",
            converter = Durations.Converter.class,
            description = "How long the national CA is valid (default: ${DEFAULT-VALUE}).")
    Duration caValidity;

    @Option(
            names = "--node-validity",
            paramLabel = "DURATION",
            defaultValue = "90d",
            converter = Durations.Converter.class,
            description =
                    "How long the node certificate is valid; renew with 'jaring cert rotate' (default: ${DEFAULT-VALUE}).")
    Duration nodeValidity;

    @Option(
            names = "--client-validity",
            paramLabel = "DURATION",
            defaultValue = "365d",
            converter = Durations.Converter.class,
            description = "How long the admin certificate is valid (default: ${DEFAULT-VALUE}).")
    Duration clientValidity;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        String cc = country != null ? country : nodeId.length() >= 2 ? nodeId.substring(0, 2) : nodeId;
        check();
        char[] passphrase = caPassphraseEnv != null
                ? Secrets.fromEnv("--ca-passphrase-env", caPassphraseEnv)
                : Secrets.promptNew("Passphrase for the new national CA key (empty for none): ");
        NodeHome nodeHome = new NodeHome(home.toAbsolutePath().normalize());
        NodeInit.Result result;
        try {
            result = NodeInit.run(
                    nodeHome,
                    new NodeInit.Options(
                            nodeId,
                            cc,
                            unit,
                            phone,
                            email,
                            languages,
                            peerListen,
                            nationalListen,
                            adminListen,
                            adminName,
                            passphrase,
                            caValidity,
                            nodeValidity,
                            clientValidity),
                    Clock.systemUTC());
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("already holds a node")) {
                throw new Refused(e.getMessage());
            }
            throw e;
        } finally {
            if (passphrase != null) {
                Arrays.fill(passphrase, '\0');
            }
        }
        boolean encrypted = passphrase != null && passphrase.length > 0;
        PrintWriter out = spec.commandLine().getOut();
        out.println("Created node " + nodeId + " in " + nodeHome.root() + ":");
        String[][] created = {
            {nodeHome.config().toString(), "configuration"},
            {nodeHome.caCertificate().toString(), "national CA certificate (the anchor peers pin)"},
            {
                nodeHome.caKey().toString(),
                "national CA key, " + (encrypted ? "encrypted" : "NOT encrypted")
                        + "; used only by this CLI, never by the node"
            },
            {nodeHome.nodeCertificate().toString(), "node certificate"},
            {nodeHome.nodeKey().toString(), "node key"},
            {nodeHome.clientCertificate("admin").toString(), "admin client certificate ('" + adminName + "')"},
            {nodeHome.clientKey("admin").toString(), "admin client key"},
            {nodeHome.trustDir().toString(), "trust store, with the first signed revocation list"}
        };
        int width = Arrays.stream(created).mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : created) {
            out.println("  " + r[0] + " ".repeat(width - r[0].length() + 2) + r[1]);
        }
        out.println();
        out.println("National CA fingerprint (SHA-256):");
        out.println("  " + Fingerprints.display(result.caFingerprint()));
        out.println("Read it to each peer's admin over a channel you already trust (phone, in person), never only"
                + " by e-mail: they must confirm exactly this value when they add your node.");
        if (!encrypted) {
            out.println();
            out.println("Warning: the CA key is not encrypted. Keep pki/ca.key offline or re-create the node with"
                    + " --ca-passphrase-env.");
        }
        out.println();
        out.println("Next steps:");
        out.println("  1. Start the node:      java -jar node/target/jaring-node.jar " + nodeHome.config());
        out.println("  2. Export your anchor:  jaring trust export --home " + nodeHome.root()
                + (HostPort.parse(peerListen).host().equals("0.0.0.0") ? " --endpoint PUBLIC_HOST:PORT" : "")
                + " -o " + nodeId + ".anchor.yaml");
        out.println("  3. Add each peer:       jaring trust add --home " + nodeHome.root() + " PEER.anchor.yaml");
        out.flush();
        return 0;
    }

    /** Everything node.yaml will need, checked before a single file is written. */
    private void check() {
        try {
            NodeId.of(nodeId);
        } catch (IllegalArgumentException e) {
            throw new UserError("--node-id: " + e.getMessage());
        }
        String cc = country != null ? country : nodeId.substring(0, 2);
        if (!COUNTRIES.contains(cc)) {
            throw new UserError("--country: '" + cc + "' is not an ISO 3166-1 alpha-2 code in upper case, e.g. TH");
        }
        if (!nodeId.startsWith(cc + "-")) {
            throw new UserError("--node-id '" + nodeId + "' must start with the country '" + cc + "-'");
        }
        if (!E164.matcher(phone).matches()) {
            throw new UserError("--phone: '" + phone + "' is not in international E.164 form, e.g. +6621234567");
        }
        if (!EMAIL.matcher(email).matches()) {
            throw new UserError("--email: '" + email + "' is not an e-mail address");
        }
        if (unit.isBlank()) {
            throw new UserError("--unit must name the contact point");
        }
        for (String[] a : new String[][] {
            {"--peer-listen", peerListen}, {"--national-listen", nationalListen}, {"--admin-listen", adminListen}
        }) {
            try {
                HostPort.parse(a[1]);
            } catch (IllegalArgumentException e) {
                throw new UserError(a[0] + ": " + e.getMessage());
            }
        }
        try {
            IdentityUri.admin(NodeId.of(nodeId), adminName);
        } catch (IllegalArgumentException e) {
            throw new UserError("--admin-name: " + e.getMessage());
        }
    }
}
