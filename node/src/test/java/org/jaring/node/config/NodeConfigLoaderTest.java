package org.jaring.node.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NodeConfigLoaderTest {
    private static final Path BASE = Path.of("/srv/jaring");

    @Test
    void readsAFullConfiguration() {
        NodeConfig c = NodeConfigLoader.parse("""
                node_id: TH-CCIB
                country: TH
                data_dir: data/th
                contact: {unit: CCIB 24/7 desk, phone: "+6621234567", email: desk@ccib.example, languages: [th, en]}
                listen: {national: "127.0.0.1:7401"}
                limits: {max_message_bytes: 1048576, max_batch_values: 500}
                store: {block_cache_mb: 16, write_buffer_mb: 8}
                expiry_purge_interval: 30s
                """, "t", BASE);
        assertThat(c.nodeId()).isEqualTo("TH-CCIB");
        assertThat(c.dataDir()).isEqualTo(Path.of("/srv/jaring/data/th"));
        assertThat(c.contact().languages()).containsExactly("th", "en");
        assertThat(c.contact().hours()).isEqualTo("24/7");
        assertThat(c.listen().national()).isEqualTo(new HostPort("127.0.0.1", 7401));
        assertThat(c.limits()).isEqualTo(new NodeConfig.Limits(1_048_576, 500));
        assertThat(c.store().blockCacheBytes()).isEqualTo(16L << 20);
        assertThat(c.expiryPurgeInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void listsEveryProblemWithItsFieldAndTheFix() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> NodeConfigLoader.parse("""
                node_id: th-ccib
                country: XX
                contact: {unit: u, phone: p}
                listen: {national: "0.0.0.0:7401"}
                limits: {max_batch_values: lots, max_mesage_bytes: 10}
                expiry_purge_interval: soon
                """, "node.yaml", BASE));
        assertThat(e.getMessage()).startsWith("configuration node.yaml is not usable");
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("node_id: 'th-ccib' is not CC-UNIT"))
                .anySatisfy(p -> assertThat(p).startsWith("country: 'XX' is not an ISO 3166-1"))
                .anySatisfy(p -> assertThat(p).isEqualTo("data_dir: missing; this setting is required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("contact.email: missing; this setting is required"))
                .anySatisfy(p -> assertThat(p).startsWith("listen.national: 0.0.0.0:7401 is not a loopback address"))
                .anySatisfy(p -> assertThat(p).startsWith("limits.max_batch_values: must be a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("limits.max_mesage_bytes: unknown setting"))
                .anySatisfy(p -> assertThat(p).startsWith("expiry_purge_interval: 'soon' is not a duration"));
    }

    @Test
    void refusesANodeIdFromAnotherCountryAndBrokenYaml() {
        ConfigException wrongCountry = catchThrowableOfType(ConfigException.class, () -> NodeConfigLoader.parse(
                "node_id: MY-PDRM\ncountry: TH\ndata_dir: d\ncontact: {unit: u, phone: p, email: e}\n", "t", BASE));
        assertThat(wrongCountry.problems()).containsExactly("node_id: 'MY-PDRM' should start with the node's country 'TH-'");

        ConfigException broken = catchThrowableOfType(ConfigException.class,
                () -> NodeConfigLoader.parse("node_id: [unclosed", "t", BASE));
        assertThat(broken.getMessage()).contains("not valid YAML");
    }

    @Test
    void parsesHostPortForms() {
        assertThat(HostPort.parse("[::1]:7401")).isEqualTo(new HostPort("::1", 7401));
        assertThat(HostPort.parse("[::1]:7401").isLoopback()).isTrue();
        assertThat(HostPort.parse("localhost:1").isLoopback()).isTrue();
        assertThat(HostPort.parse("10.0.0.1:1").isLoopback()).isFalse();
    }
}
