package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.config.StoreSettings;
import org.jaring.node.store.RocksStore;
import org.jaring.node.store.StoreFaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/operations.md's "The disk filled up" names only meters, health entries and loggers that exist. */
class DiskFullRunbookTest {
    @TempDir
    Path dir;

    @Test
    void everyNameTheRunbookGivesExists() throws Exception {
        String doc = Files.readString(docs().resolve("operations.md"));
        int start = doc.indexOf("### The disk filled up");
        assertThat(start).as("the runbook section").isPositive();
        String runbook = doc.substring(start);

        Set<String> meters = new TreeSet<>();
        Matcher m = Pattern.compile("`(jaring_[a-z_]+)").matcher(runbook);
        while (m.find()) {
            meters.add(m.group(1));
        }
        assertThat(meters)
                .contains("jaring_store_fault", "jaring_store_failures_total", "jaring_store_data_free_bytes");
        try (RocksStore store = RocksStore.open(dir.resolve("data"), "TH-CCIB", StoreSettings.defaults());
                NodeMetrics metrics = new NodeMetrics()) {
            metrics.bindStore(store);
            String scrape = metrics.scrape();
            for (String meter : meters) {
                assertThat(scrape).as(meter).contains("\n" + meter);
            }
            for (String kind : new String[] {"no_space", "read_only", "io_error"}) {
                assertThat(runbook).contains("kind=\"" + kind + "\"");
                assertThat(scrape).contains("jaring_store_fault{kind=\"" + kind + "\"}");
            }
        }
        assertThat(runbook).contains("`" + NodeHealth.STORE + "`").contains(StoreFaults.class.getName());
    }

    private static Path docs() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docs/operations.md"))) {
                return p.resolve("docs");
            }
        }
        throw new AssertionError(
                "docs/operations.md not found above " + Path.of("").toAbsolutePath());
    }
}
