package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.config.NodeConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * configs/node.example.yaml and the key table of docs/operations.md section 2 cannot drift from the configuration
 * model: the example loads with the node's own strict loader (an unknown or misspelt key is an error there), every
 * key it sets is documented, and every documented key is in the example (set, or shown as a comment where it has
 * no default to show).
 */
class ConfigDocsTest {
    private static final Pattern DOC_ROW = Pattern.compile("^\\| `([a-z_]+(?:\\.[a-z_]+)*)`");

    @TempDir
    Path tmp;

    @Test
    void theExampleLoadsAndItAndTheDocsNameTheSameKeys() throws Exception {
        String example = Files.readString(DocsCheck.repoFile("configs/node.example.yaml"));
        Path copy = tmp.resolve("node.yaml");
        Files.writeString(copy, example);
        // The loader checks that the files it names exist; their content is read only when the node starts.
        Files.createDirectories(tmp.resolve("pki"));
        Files.createDirectories(tmp.resolve("trust"));
        for (String f : new String[] {"pki/ca.pem", "pki/node.pem", "pki/node.key"}) {
            Files.writeString(tmp.resolve(f), "");
        }
        NodeConfigLoader.load(copy); // strict: throws on any unknown key or bad value

        Set<String> documented = new TreeSet<>();
        boolean inConfigSection = false;
        for (String line : Files.readAllLines(DocsCheck.repoFile("docs/operations.md"))) {
            if (line.startsWith("## ")) {
                inConfigSection = line.startsWith("## 2. Configure");
            }
            Matcher m = DOC_ROW.matcher(line);
            if (inConfigSection && m.find()) {
                // "`contact.unit`, `.phone`, `.email`" and "`a.b.calls_per_second`, `burst_calls`" name siblings.
                String first = m.group(1);
                String parent = first.contains(".") ? parent(first) + "." : "";
                documented.add(first);
                String cell = line.substring(1, line.indexOf(" |", 2));
                Matcher more = Pattern.compile("`\\.?([a-z_]+)`").matcher(cell.substring(cell.indexOf(',') + 1));
                while (cell.contains(",") && more.find()) {
                    documented.add(parent + more.group(1));
                }
            }
        }
        assertThat(documented).contains("node_id", "store.block_cache_mb", "tls.provider");

        Set<String> set = new TreeSet<>();
        flatten("", new ObjectMapper(new YAMLFactory()).readTree(example), set);
        // peer_budgets' per-method maps are documented by their first setting; the rest follow the same shape.
        Set<String> undocumented = new TreeSet<>(set);
        undocumented.removeIf(k -> documented.contains(k)
                || (k.startsWith("peer_budgets.") && documented.stream().anyMatch(d -> d.startsWith(parent(k) + "."))));
        assertThat(undocumented)
                .as("keys of node.example.yaml missing from docs/operations.md")
                .isEmpty();

        String uncommented = example.replaceAll("(?m)^(\\s*)#\\s?", "$1");
        for (String key : documented) {
            String leaf = key.substring(key.lastIndexOf('.') + 1);
            assertThat(uncommented)
                    .as("docs/operations.md documents %s; configs/node.example.yaml must show it", key)
                    .containsPattern("(?m)(^|[\\s{,])" + leaf + ":");
        }
        assertThat(example).as("the default TLS provider, as documented").contains("provider: JDK");
    }

    private static String parent(String key) {
        return key.substring(0, key.lastIndexOf('.'));
    }

    private static void flatten(String prefix, JsonNode node, Set<String> out) {
        if (node.isObject() && node.size() > 0 && !prefix.endsWith("deadlines")) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.add(prefix);
        }
    }
}
