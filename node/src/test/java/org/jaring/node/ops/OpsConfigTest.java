package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import org.jaring.core.config.ConfigException;
import org.jaring.core.config.HostPort;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeConfigTextAccess;
import org.jaring.core.setup.NodeHome;
import org.jaring.node.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics and logging sections of node.yaml: defaults, what node init writes, field-named problems. */
class OpsConfigTest {
    static final String BASE = "node_id: TH-CCIB\ncountry: TH\ndata_dir: data\n"
            + "contact: {unit: u, phone: '+6621234567', email: a@b.example}\n";

    private static NodeConfig parse(String extra) {
        return NodeConfigLoader.parse(BASE + extra, "node.yaml", Path.of("/tmp"));
    }

    private static String problems(String extra) {
        return catchThrowableOfType(ConfigException.class, () -> parse(extra)).getMessage();
    }

    @Test
    void newKeysHaveDefaultsAndAreRead(@TempDir Path dir) {
        NodeHome home = TestConfigs.init(
                dir,
                "TH-CCIB",
                "metrics: {enabled: false, listen: \"127.0.0.1:9999\"}\n" + "logging: {format: JSON}\n");
        NodeConfig c = NodeConfigLoader.load(home.config());
        assertThat(c.metrics()).isEqualTo(new NodeConfig.Metrics(false, new HostPort("127.0.0.1", 9999)));
        assertThat(c.logging().format()).isEqualTo("json");
        assertThat(c.configFile()).isEqualTo(home.config().toAbsolutePath().normalize());
    }

    @Test
    void nodeInitWritesTheSections(@TempDir Path dir) {
        NodeConfig c =
                NodeConfigLoader.load(TestConfigs.init(dir, "TH-CCIB", "").config());
        assertThat(c.metrics().enabled()).isTrue();
        assertThat(c.metrics().listen()).isEqualTo(new HostPort("127.0.0.1", 0)); // listeners on port 0
        assertThat(c.logging().format()).isEqualTo("text");
        assertThat(NodeConfigTextAccess.metricsListen("127.0.0.1:7402")).isEqualTo("127.0.0.1:9464");
        assertThat(NodeConfigTextAccess.metricsListen("127.0.0.1:7412")).isEqualTo("127.0.0.1:7413");
    }

    @Test
    void problemsNameTheField() {
        assertThat(problems("tls: {}\nmetrics: {listen: nowhere}\n")).contains("metrics.listen:");
        assertThat(problems("tls: {}\nmetrics: {enabled: yes-please}\n")).contains("metrics.enabled:");
        assertThat(problems("tls: {}\nmetrics: {port: 1}\n")).contains("metrics.port: unknown setting");
        assertThat(problems("tls: {}\nmetrics: 9464\n")).contains("metrics: must be a mapping");
        assertThat(problems("tls: {}\nlogging: {format: xml}\n")).contains("logging.format: 'xml' is not a log format");
        assertThat(problems("tls: {}\nlogging: {level: INFO}\n")).contains("logging.level: unknown setting");
    }
}
