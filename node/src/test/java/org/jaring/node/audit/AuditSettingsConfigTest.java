package org.jaring.node.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jaring.core.config.AuditSettings;
import org.jaring.core.config.ConfigException;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.node.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.yaml {@code audit}: defaults, values, and problems reported with their field. */
class AuditSettingsConfigTest {
    @TempDir
    Path base;

    private static final String MINIMAL = MinimalConfig.YAML;

    @BeforeEach
    void keyFiles() throws IOException {
        MinimalConfig.writeKeyFiles(base);
    }

    @Test
    void defaultsAndValues() {
        assertThat(NodeConfigLoader.parse(MINIMAL, "t", base).audit()).isEqualTo(AuditSettings.DEFAULT);
        assertThat(NodeConfigLoader.parse(
                                MINIMAL + "audit: {checkpoint_every: 50, checkpoint_interval: 10s}\n", "t", base)
                        .audit())
                .isEqualTo(new AuditSettings(50, Duration.ofSeconds(10)));
    }

    @Test
    void retentionIsInYearsByDefaultAndCanBeForever() {
        AuditSettings defaults = NodeConfigLoader.parse(MINIMAL, "t", base).audit();
        assertThat(defaults.retention()).isEqualTo(Duration.ofDays(7 * 365));
        assertThat(defaults.pruneInterval()).isEqualTo(Duration.ofHours(1));
        AuditSettings set = NodeConfigLoader.parse(MINIMAL + "audit: {retention: 10y, prune_interval: 6h}\n", "t", base)
                .audit();
        assertThat(set.retention()).isEqualTo(Duration.ofDays(3650));
        assertThat(set.pruneInterval()).isEqualTo(Duration.ofHours(6));
        AuditSettings forever = NodeConfigLoader.parse(MINIMAL + "audit: {retention: forever}\n", "t", base)
                .audit();
        assertThat(forever.prunes()).isFalse();
    }

    @Test
    void badRetentionIsRefusedAtStartUp() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> NodeConfigLoader.parse(MINIMAL + "audit: {retention: 12h, prune_interval: soon}\n", "t", base));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("audit.retention").contains("outside"))
                .anySatisfy(
                        p -> assertThat(p).startsWith("audit.prune_interval").contains("not a duration"));
    }

    @Test
    void problemsNameTheField() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> NodeConfigLoader.parse(
                        MINIMAL + "audit: {checkpoint_every: 0, checkpoint_interval: 0s, keep: 10y}\n", "t", base));
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("audit.checkpoint_every"))
                .anySatisfy(p -> assertThat(p).startsWith("audit.checkpoint_interval"))
                .anySatisfy(p -> assertThat(p).contains("keep"));
    }
}
