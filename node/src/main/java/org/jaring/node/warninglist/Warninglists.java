package org.jaring.node.warninglist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.IndicatorType;

/**
 * Known-benign values (public resolvers, reserved address ranges, empty-file hashes, very common domains) in
 * MISP's warninglist JSON format. They raise no correlation alert and are flagged in lookup answers, so that
 * nobody opens an investigation into 8.8.8.8. Each list applies to the indicator types its
 * {@code matching_attributes} name, as in MISP. The lists ship in configs/warninglists (bundled in the node);
 * a node can point {@code warninglists_dir} at its own, updated folder.
 */
public final class Warninglists {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = Logger.getLogger(Warninglists.class.getName());

    private final List<Warninglist> lists;

    private Warninglists(List<Warninglist> lists) {
        this.lists = List.copyOf(lists);
    }

    public static Warninglists none() {
        return new Warninglists(List.of());
    }

    /** The lists bundled with the node. */
    public static Warninglists bundled() {
        List<Warninglist> lists = new ArrayList<>();
        try (InputStream index = Warninglists.class.getResourceAsStream("/warninglists/index.txt")) {
            if (index == null) {
                throw new IllegalStateException("the bundled warninglists are missing from the node's jar");
            }
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (name.isBlank()) {
                    continue;
                }
                try (InputStream in = Warninglists.class.getResourceAsStream("/warninglists/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled warninglist " + name + " is missing");
                    }
                    lists.add(parse(JSON.readTree(in), name));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled warninglists: " + e.getMessage(), e);
        }
        return new Warninglists(lists);
    }

    /** Every *.json file of {@code folder}; a file that is not a valid warninglist is an error naming it. */
    public static Warninglists load(Path folder) {
        List<Warninglist> lists = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
            for (Path f : files) {
                try {
                    lists.add(parse(JSON.readTree(f.toFile()), f.toString()));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalStateException("warninglist " + f + " is not usable: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read warninglists from " + folder + ": " + e.getMessage(), e);
        }
        return new Warninglists(lists);
    }

    private static Warninglist parse(JsonNode root, String source) {
        if (root == null
                || !root.hasNonNull("name")
                || !root.hasNonNull("list")
                || !root.get("list").isArray()) {
            throw new IllegalArgumentException(source + ": needs 'name' and a 'list' array");
        }
        List<String> entries = new ArrayList<>();
        root.get("list").forEach(n -> entries.add(n.asText()));
        String type = root.hasNonNull("type") ? root.get("type").asText() : "string";
        List<String> attributes = new ArrayList<>();
        JsonNode matching = root.get("matching_attributes");
        if (matching != null && !matching.isNull()) {
            if (!matching.isArray()) {
                throw new IllegalArgumentException(
                        source + ": 'matching_attributes' must be an array of MISP attribute types");
            }
            matching.forEach(n -> attributes.add(n.asText()));
        }
        Set<IndicatorType> appliesTo = MispAttributeTypes.of(attributes);
        if (appliesTo.isEmpty()) {
            // Valid MISP (an ssdeep-only list, say), but a misspelt type would silently switch a list off.
            LOG.warning("warninglist " + source + " names only MISP attribute types Jaring holds no indicators of "
                    + attributes + "; it will match nothing");
        }
        return new Warninglist(root.get("name").asText(), type, entries, appliesTo);
    }

    /** The name of the first list that holds the value. */
    public Optional<String> match(CanonicalValue value) {
        if (lists.isEmpty()) {
            return Optional.empty();
        }
        Warninglist.Subject subject = new Warninglist.Subject(value);
        for (Warninglist l : lists) {
            if (l.matches(subject)) {
                return Optional.of(l.name);
            }
        }
        return Optional.empty();
    }

    public int size() {
        return lists.size();
    }
}
