package org.jaring.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jaring.node.store.StoreSettings;

/** Reads a node's YAML configuration and checks all of it before anything starts. */
public final class NodeConfigLoader {
    static final Pattern NODE_ID = Pattern.compile("([A-Z]{2})-[A-Z0-9]{1,16}");
    private static final Set<String> TOP = Set.of("node_id", "country", "data_dir", "contact", "listen", "limits",
            "store", "expiry_purge_interval");
    private static final Set<String> CONTACT = Set.of("unit", "phone", "email", "hours", "languages");
    private static final Set<String> LISTEN = Set.of("national");
    private static final Set<String> LIMITS = Set.of("max_message_bytes", "max_batch_values");
    private static final Set<String> STORE = Set.of("block_cache_mb", "write_buffer_mb");
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private NodeConfigLoader() {
    }

    public static NodeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read the file: " + e.getMessage()));
        }
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /** Parses YAML text; relative data_dir values are resolved against {@code baseDir}. */
    public static NodeConfig parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of("the file must be a YAML mapping with node_id, country, data_dir, ..."));
        }
        ConfigReader r = new ConfigReader();
        r.rejectUnknownKeys(root, "", TOP);

        String nodeId = r.string(root, "", "node_id", null);
        if (nodeId != null && !NODE_ID.matcher(nodeId).matches()) {
            r.problem("node_id", "'" + nodeId + "' is not CC-UNIT (ISO country code, '-', up to 16 upper-case letters or digits), e.g. TH-CCIB");
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
        HostPort national = hostPort(r, l, "listen", "national", "127.0.0.1:7401");
        if (national != null && !national.isLoopback()) {
            r.problem("listen.national", national + " is not a loopback address; until mutual TLS is configured the"
                    + " national service must listen on 127.0.0.1 or ::1");
        }

        JsonNode lim = r.object(root, "", "limits", LIMITS);
        NodeConfig.Limits limits = new NodeConfig.Limits(
                (int) r.number(lim, "limits", "max_message_bytes", 4L << 20, 1024, 256L << 20),
                (int) r.number(lim, "limits", "max_batch_values", 10_000, 1, 1_000_000));

        JsonNode s = r.object(root, "", "store", STORE);
        StoreSettings store = new StoreSettings(
                r.number(s, "store", "block_cache_mb", 64, 8, 65_536) << 20,
                r.number(s, "store", "write_buffer_mb", 32, 4, 4_096) << 20);

        Duration purge = r.duration(root, "", "expiry_purge_interval", Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofDays(1));

        if (!r.problems().isEmpty()) {
            throw new ConfigException(source, r.problems());
        }
        return new NodeConfig(nodeId, country, dataDir, contact, new NodeConfig.Listen(national), limits, store, purge);
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
