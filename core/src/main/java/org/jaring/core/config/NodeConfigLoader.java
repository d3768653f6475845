package org.jaring.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads a node's YAML configuration and checks all of it before anything starts. */
public final class NodeConfigLoader {
    static final Pattern NODE_ID = Pattern.compile("([A-Z]{2})-[A-Z0-9]{1,16}");
    private static final Set<String> TOP = Set.of(
            "node_id",
            "country",
            "data_dir",
            "contact",
            "listen",
            "limits",
            "store",
            "expiry_purge_interval",
            "tls",
            "federation",
            "sync",
            "sightings",
            "warninglists_dir",
            "requests",
            "metrics",
            "logging",
            "audit",
            "peer_budgets",
            "transport",
            "blind");
    private static final Set<String> CONTACT = Set.of("unit", "phone", "email", "hours", "languages");
    private static final Set<String> LISTEN = Set.of("peer", "national", "admin");
    private static final Set<String> LIMITS = Set.of("max_message_bytes", "max_batch_values");
    private static final Set<String> TLS = Set.of(
            "provider", "ca_certificate", "node_certificate", "node_key", "node_key_passphrase_env", "trust_dir");
    private static final Set<String> FEDERATION =
            Set.of("default_deadline", "revocation_refresh", "max_answer_hits_per_value", "max_answer_hits");
    private static final Set<String> SYNC = Set.of("interval", "batch_items");
    private static final Set<String> SIGHTINGS = Set.of("accept");
    private static final Set<String> STORE = Set.of("block_cache_mb", "write_buffer_mb", "reserve_mb");
    private static final Set<String> METRICS = Set.of("enabled", "listen");
    private static final Set<String> LOGGING = Set.of("format");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private NodeConfigLoader() {}

    public static NodeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            // The JDK says "Input length = 1": say which file and what it should be.
            throw new ConfigException(
                    file.toString(),
                    List.of("not UTF-8 text (a binary file, or another encoding); give the node.yaml that"
                            + " 'jaring node init' wrote, or save it as UTF-8"));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(
                    file.toString(), List.of("does not exist; pass the node home that 'jaring node init' made"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        NodeConfig c = parse(text, file.toString(), file.toAbsolutePath().getParent());
        return c.withConfigFile(file.toAbsolutePath().normalize());
    }

    /** Parses YAML text; relative data_dir values are resolved against {@code baseDir}. */
    public static NodeConfig parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source,
                    List.of("not valid YAML: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " at line " + e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(
                    source, List.of("the file must be a YAML mapping with node_id, country, data_dir, ..."));
        }
        ConfigReader r = new ConfigReader();
        r.rejectUnknownKeys(root, "", TOP);

        String nodeId = r.string(root, "", "node_id", null);
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            r.problem(
                    "node_id",
                    "'" + nodeId
                            + "' is not CC-UNIT (ISO country code, '-', up to 16 upper-case letters or digits), e.g. TH-CCIB");
        }
        String country = r.string(root, "", "country", null);
        if (country != null && !ISO_COUNTRIES.contains(country)) {
            r.problem("country", "'" + country + "' is not an ISO 3166-1 alpha-2 code in upper case, e.g. TH");
        } else if (country != null && nodeId != null && !nodeId.startsWith(country + "-")) {
            r.problem("node_id", "'" + nodeId + "' should start with the node's country '" + country + "-'");
        }
        String dataDirText = r.string(root, "", "data_dir", null);
        Path dataDir = dataDirText == null ? null : baseDir.resolve(dataDirText).normalize();

        JsonNode c = r.object(root, "", "contact", CONTACT);
        NodeConfig.Contact contact = new NodeConfig.Contact(
                r.string(c, "contact", "unit", null),
                r.string(c, "contact", "phone", null),
                r.string(c, "contact", "email", null),
                r.string(c, "contact", "hours", "24/7"),
                r.strings(c, "contact", "languages"));

        JsonNode l = r.object(root, "", "listen", LISTEN);
        HostPort peer = hostPort(r, l, "listen", "peer", "0.0.0.0:7400");
        HostPort national = hostPort(r, l, "listen", "national", "127.0.0.1:7401");
        HostPort admin = hostPort(r, l, "listen", "admin", "127.0.0.1:7402");

        JsonNode lim = root.get("limits");
        for (String moved : List.of("peer_values_per_second", "peer_burst_values")) {
            if (lim != null && lim.has(moved)) {
                r.problem(
                        "limits." + moved,
                        "moved to peer_budgets.lookup."
                                + (moved.startsWith("peer_values") ? "values_per_second" : "burst_values")
                                + " (docs/operations.md), where every peer method has its budget");
                ((ObjectNode) lim).remove(moved);
            }
        }
        lim = r.object(root, "", "limits", LIMITS);
        int maxMessageBytes = (int) r.number(lim, "limits", "max_message_bytes", 4L << 20, 1024, 256L << 20);
        int maxBatchValues = (int) r.number(lim, "limits", "max_batch_values", 10_000, 1, 1_000_000);
        NodeConfig.Limits limits = new NodeConfig.Limits(
                maxMessageBytes, maxBatchValues, PeerBudgetsReader.read(r, root, maxMessageBytes, maxBatchValues));

        JsonNode s = r.object(root, "", "store", STORE);
        StoreSettings store = new StoreSettings(
                r.number(s, "store", "block_cache_mb", 64, 8, 65_536) << 20,
                r.number(s, "store", "write_buffer_mb", 32, 4, 4_096) << 20,
                r.number(s, "store", "reserve_mb", StoreSettings.DEFAULT_RESERVE_MB, 0, 65_536) << 20);

        Duration purge = r.duration(
                root, "", "expiry_purge_interval", Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofDays(1));

        JsonNode t = r.object(root, "", "tls", TLS);
        if (t == null && r.problems().isEmpty()) {
            r.problem(
                    "tls",
                    "missing; every listener uses mutual TLS: run 'jaring node init' to create the keys"
                            + " and a configuration that names them");
        }
        String provider = r.string(t, "tls", "provider", "JDK").toUpperCase(Locale.ROOT);
        if (!provider.equals("BCJSSE") && !provider.equals("JDK")) {
            r.problem("tls.provider", "'" + provider + "' is not a TLS provider; use BCJSSE or JDK");
        }
        NodeConfig.Tls tls = new NodeConfig.Tls(
                provider,
                existingFile(r, t, "ca_certificate", baseDir),
                existingFile(r, t, "node_certificate", baseDir),
                existingFile(r, t, "node_key", baseDir),
                r.string(t, "tls", "node_key_passphrase_env", ""),
                baseDir.resolve(r.string(t, "tls", "trust_dir", "trust")).normalize());

        JsonNode f = r.object(root, "", "federation", FEDERATION);
        NodeConfig.Federation federation = new NodeConfig.Federation(
                r.duration(
                        f,
                        "federation",
                        "default_deadline",
                        Duration.ofSeconds(2),
                        Duration.ofMillis(50),
                        Duration.ofSeconds(60)),
                r.duration(
                        f,
                        "federation",
                        "revocation_refresh",
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(1),
                        Duration.ofDays(1)),
                (int) r.number(f, "federation", "max_answer_hits_per_value", 1_000, 1, 1_000_000),
                (int) r.number(f, "federation", "max_answer_hits", 50_000, 1, 10_000_000));

        JsonNode sy = r.object(root, "", "sync", SYNC);
        NodeConfig.Sync sync = new NodeConfig.Sync(
                r.duration(sy, "sync", "interval", Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofDays(1)),
                (int) r.number(sy, "sync", "batch_items", 5000, 1, 10_000));
        JsonNode si = r.object(root, "", "sightings", SIGHTINGS);
        boolean acceptSightings = r.bool(si, "sightings", "accept", true);
        String wl = r.string(root, "", "warninglists_dir", "");
        Path warninglistsDir = wl.isEmpty() ? null : baseDir.resolve(wl).normalize();
        if (warninglistsDir != null && !Files.isDirectory(warninglistsDir)) {
            r.problem("warninglists_dir", warninglistsDir + " is not a folder; leave it out to use the bundled lists");
        }
        JsonNode au = r.object(
                root, "", "audit", Set.of("checkpoint_every", "checkpoint_interval", "retention", "prune_interval"));
        // retention: how long audit records are kept (e.g. 7y, 3650d) or 'forever'; see docs/audit.md.
        boolean forever = au != null
                && au.has("retention")
                && "forever".equals(au.get("retention").asText().trim());
        AuditSettings audit = new AuditSettings(
                (int) r.number(au, "audit", "checkpoint_every", 1000, 1, 1_000_000),
                r.duration(
                        au,
                        "audit",
                        "checkpoint_interval",
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(1),
                        Duration.ofDays(1)),
                forever
                        ? null
                        : r.duration(
                                au,
                                "audit",
                                "retention",
                                AuditSettings.DEFAULT_RETENTION,
                                Duration.ofDays(1),
                                Duration.ofDays(100 * 365)),
                r.duration(
                        au,
                        "audit",
                        "prune_interval",
                        AuditSettings.DEFAULT_PRUNE_INTERVAL,
                        Duration.ofMinutes(1),
                        Duration.ofDays(7)));
        TransportSettings transport = TransportSection.read(r, root);
        BlindSettings blind = BlindSettings.read(r, root);
        OpsSettings ops = OpsSettings.read(r, root.get("metrics"), root.get("logging"), METRICS, LOGGING);
        List<RequestSettings.Problem> requestProblems = new ArrayList<>();
        RequestSettings.read(root.get("requests"), requestProblems);
        requestProblems.forEach(p -> r.problem(p.field(), p.text()));

        if (!r.problems().isEmpty()) {
            throw new ConfigException(source, r.problems());
        }
        return new NodeConfig(
                nodeId,
                country,
                dataDir,
                contact,
                new NodeConfig.Listen(peer, national, admin),
                limits,
                store,
                purge,
                tls,
                federation,
                sync,
                acceptSightings,
                warninglistsDir,
                ops.metrics(),
                ops.logging(),
                null,
                audit,
                transport,
                blind);
    }

    private static Path existingFile(ConfigReader r, JsonNode tls, String key, Path baseDir) {
        if (tls == null) {
            return null;
        }
        String text = r.string(tls, "tls", key, null);
        if (text == null) {
            return null;
        }
        Path path = baseDir.resolve(text).normalize();
        if (!Files.isRegularFile(path)) {
            r.problem(
                    "tls." + key, path + " does not exist or is not a file; check the path or run 'jaring node init'");
        } else if (!Files.isReadable(path)) {
            r.problem("tls." + key, path + " is not readable by this user");
        }
        return path;
    }

    private static HostPort hostPort(ConfigReader r, JsonNode parent, String path, String key, String defaultValue) {
        String text = r.string(parent, path, key, defaultValue);
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            r.problem(ConfigReader.join(path, key), e.getMessage());
            return null;
        }
    }
}
