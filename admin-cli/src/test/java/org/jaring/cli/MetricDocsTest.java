package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every metric the docs name is one the node registers: each {@code jaring_...} name in README.md and docs/*.md
 * (and each short form {@code _sst_bytes} continuing the name before it in a table cell) must be the Prometheus
 * form of a meter name the node's or core's code registers ("jaring.store.sst.bytes"), with the suffix Prometheus
 * adds (_total for counters, _seconds for timers). Meter names are read from the source, because several meters
 * (per peer, per method) exist only after their first event.
 */
class MetricDocsTest {
    private static final Pattern DOC_NAME = Pattern.compile("`(jaring_[a-z_]+)[`{]|`(_[a-z_]+)`");
    private static final Pattern METER = Pattern.compile("\"(jaring\\.[a-z_.]+)\"");

    @Test
    void everyDocumentedMetricIsRegisteredByTheNode() throws IOException {
        Set<String> registered = new TreeSet<>();
        for (String module : new String[] {"node/src/main/java", "core/src/main/java"}) {
            try (Stream<Path> files = Files.walk(DocsCheck.repoFile(module))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = METER.matcher(Files.readString(f));
                    while (m.find()) {
                        registered.add(m.group(1).replace('.', '_'));
                    }
                }
            }
        }
        assertThat(registered).contains("jaring_federated_hits");

        Set<String> unknown = new TreeSet<>();
        int named = 0;
        for (Path doc : docs()) {
            for (String line : Files.readAllLines(doc)) {
                String last = null;
                Matcher m = DOC_NAME.matcher(line);
                while (m.find()) {
                    String name;
                    if (m.group(1) != null) {
                        name = m.group(1);
                        last = name;
                    } else if (last != null) {
                        // `jaring_store_keys`, `_sst_bytes`: the short form keeps the first two words
                        String[] words = last.split("_");
                        name = words[0] + "_" + words[1] + m.group(2);
                    } else {
                        continue;
                    }
                    named++;
                    if (!isRegistered(name, registered)) {
                        unknown.add(doc.getFileName() + ": " + name);
                    }
                }
            }
        }
        assertThat(named).as("metric names found in the docs").isGreaterThan(20);
        assertThat(unknown)
                .as("metrics named in the docs that the node does not register")
                .isEmpty();
    }

    private static boolean isRegistered(String name, Set<String> registered) {
        String base = name.replaceAll("_(total|seconds_count|seconds_sum|seconds_bucket|seconds_max)$", "");
        for (String r : registered) {
            if (base.equals(r) || base.equals(r + "_seconds") || name.equals(r + "_seconds")) {
                return true;
            }
        }
        return false;
    }

    private static Set<Path> docs() throws IOException {
        Set<Path> out = new TreeSet<>();
        out.add(DocsCheck.repoFile("README.md"));
        try (Stream<Path> s = Files.list(DocsCheck.repoFile("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")
                            && !p.getFileName().toString().startsWith("benchmarks"))
                    .forEach(out::add);
        }
        return out;
    }
}
