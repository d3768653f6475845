package org.jaring.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.node.RunningNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/security.md's listener table (section 1.12) stays true: every method a running node serves on each
 * listener has its row (budget, checks, audit record), and no row names a method that is not served there.
 */
class SecurityDocListenerTableTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([\\w.]+/\\w+)` \\| ([a-z, ]+) \\|");

    @TempDir
    Path dir;

    @Test
    void everyServedMethodHasItsRowAndEveryRowIsServed() throws Exception {
        Map<String, Set<String>> documented = new TreeMap<>();
        for (String line : Files.readAllLines(securityDoc())) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                for (String listener : m.group(2).split(",\\s*")) {
                    documented
                            .computeIfAbsent(listener.strip(), l -> new TreeSet<>())
                            .add(m.group(1));
                }
            }
        }
        Map<String, Set<String>> served = new TreeMap<>();
        try (RunningNode node = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            // The table names Jaring's own services without their package, as the rest of the docs do.
            for (String listener : List.of("peer", "national", "admin")) {
                served.put(
                        listener,
                        new TreeSet<>(node.node.services(listener).stream()
                                .flatMap(d -> d.getMethods().stream())
                                .map(m -> m.getMethodDescriptor()
                                        .getFullMethodName()
                                        .replaceFirst("^jaring\\.v1\\.", ""))
                                .toList()));
            }
        }
        assertThat(documented).as("docs/security.md 1.12, by listener").isEqualTo(served);
    }

    private static Path securityDoc() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docs/security.md"))) {
                return p.resolve("docs/security.md");
            }
        }
        throw new IllegalStateException(
                "docs/security.md not found above " + Path.of("").toAbsolutePath());
    }
}
