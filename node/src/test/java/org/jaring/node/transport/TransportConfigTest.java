package org.jaring.node.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.jaring.core.config.ConfigException;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.config.TransportSettings;
import org.jaring.node.MinimalConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node.yaml {@code transport}: safe defaults, values, and every bad value refused at start-up with its field. */
class TransportConfigTest {
    @TempDir
    Path base;

    private static final String MINIMAL = MinimalConfig.YAML;

    @BeforeEach
    void keyFiles() throws IOException {
        MinimalConfig.writeKeyFiles(base);
    }

    @Test
    void defaultsAndValues() {
        assertThat(NodeConfigLoader.parse(MINIMAL, "t", base).transport()).isEqualTo(TransportSettings.DEFAULT);
        TransportSettings t = NodeConfigLoader.parse(MINIMAL + """
                transport:
                  handshake_timeout: 5s
                  max_connections_per_peer: 4
                  max_concurrent_calls_per_connection: 32
                  max_connection_age: 30m
                  max_connection_age_grace: 1m
                  max_connection_idle: 5m
                  refusal_summary_interval: 10m
                """, "t", base).transport();
        assertThat(t)
                .isEqualTo(new TransportSettings(
                        Duration.ofSeconds(5),
                        4,
                        32,
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(1),
                        Duration.ofMinutes(5),
                        Duration.ofMinutes(10)));
    }

    @Test
    void badValuesAreRefusedWithTheirField() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> NodeConfigLoader.parse(MINIMAL + """
                transport:
                  handshake_timeout: 0s
                  max_connections_per_peer: 0
                  max_concurrent_calls_per_connection: lots
                  max_connection_age: 90d
                  max_connection_idle: soon
                  max_conections_per_peer: 3
                """, "t", base));
        assertThat(e.getMessage())
                .contains("transport.handshake_timeout: 0s is outside")
                .contains("transport.max_connections_per_peer: 0 is outside 1 to 1000")
                .contains("transport.max_concurrent_calls_per_connection: must be a whole number")
                .contains("transport.max_connection_age: 90d is outside")
                .contains("transport.max_connection_idle: 'soon' is not a duration")
                .contains("transport.max_conections_per_peer: unknown setting");
    }
}
