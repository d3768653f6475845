package org.jaring.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
    @TempDir
    Path base;

    private static final String TLS = """
            tls:
              ca_certificate: pki/ca.pem
              node_certificate: pki/node.pem
              node_key: pki/node.key
            """;

    @BeforeEach
    void keyFiles() throws IOException {
        Files.createDirectories(base.resolve("pki"));
        for (String f : new String[] {"ca.pem", "node.pem", "node.key"}) {
            Files.writeString(base.resolve("pki").resolve(f), "x");
        }
    }

    @Test
    void readsAFullConfiguration() {
        NodeConfig c = NodeConfigLoader.parse("""
                node_id: TH-CCIB
                country: TH
                data_dir: data/th
                contact: {unit: CCIB 24/7 desk, phone: "+6621234567", email: desk@ccib.example, languages: [th, en]}
                listen: {peer: "0.0.0.0:7400", national: "127.0.0.1:7401", admin: "127.0.0.1:7402"}
                limits: {max_message_bytes: 1048576, max_batch_values: 500}
                peer_budgets: {concurrent_calls: 4, lookup: {values_per_second: 10, burst_values: 500}, feed: {burst_calls: 3}}
                store: {block_cache_mb: 16, write_buffer_mb: 8}
                expiry_purge_interval: 30s
                federation: {default_deadline: 1500ms, revocation_refresh: 5m}
                tls:
                  provider: jdk
                  ca_certificate: pki/ca.pem
                  node_certificate: pki/node.pem
                  node_key: pki/node.key
                  node_key_passphrase_env: NODE_KEY_PASS
                """, "t", base);
        assertThat(c.nodeId()).isEqualTo("TH-CCIB");
        assertThat(c.dataDir()).isEqualTo(base.resolve("data/th"));
        assertThat(c.contact().languages()).containsExactly("th", "en");
        assertThat(c.contact().hours()).isEqualTo("24/7");
        assertThat(c.listen().peer()).isEqualTo(new HostPort("0.0.0.0", 7400));
        assertThat(c.listen().admin()).isEqualTo(new HostPort("127.0.0.1", 7402));
        assertThat(c.limits().maxMessageBytes()).isEqualTo(1_048_576);
        assertThat(c.limits().maxBatchValues()).isEqualTo(500);
        var budgets = c.limits().peerBudgets();
        assertThat(budgets.concurrentCalls()).isEqualTo(4);
        assertThat(budgets.methods().get("lookup").values()).isEqualTo(new Budget(10, 500));
        assertThat(budgets.methods().get("lookup").calls())
                .as("unnamed: the default")
                .isEqualTo(PeerBudgets.DEFAULTS.methods().get("lookup").calls());
        assertThat(budgets.methods().get("feed").calls()).isEqualTo(new Budget(1, 3));
        assertThat(c.store().blockCacheBytes()).isEqualTo(16L << 20);
        assertThat(c.store().reserveBytes()).isEqualTo(StoreSettings.DEFAULT_RESERVE_MB << 20); // not set: the default
        assertThat(c.expiryPurgeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.federation().defaultDeadline()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.tls().provider()).isEqualTo("JDK");
        assertThat(c.tls().nodeKey()).isEqualTo(base.resolve("pki/node.key"));
        assertThat(c.tls().trustDir()).isEqualTo(base.resolve("trust"));
        assertThat(c.tls().nodeKeyPassphraseEnv()).isEqualTo("NODE_KEY_PASS");
        assertThat(c.sync().batchItems())
                .as("the default when sync is not given")
                .isEqualTo(5000);
    }

    @Test
    void peerBudgetsThatCouldNeverPassAFullCallAndTheOldRateKeysAreRefusedByName() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class, () -> NodeConfigLoader.parse("""
                node_id: TH-CCIB
                country: TH
                contact: {unit: u, phone: "+6621234567", email: d@x.example}
                limits: {max_batch_values: 1000, peer_values_per_second: 10}
                peer_budgets: {burst_bytes: 1000, lookup: {burst_values: 999, per_second: 3}, deliver_request: {values_per_second: 1}}
                tls: {ca_certificate: pki/ca.pem, node_certificate: pki/node.pem, node_key: pki/node.key}
                """, "t", Path.of("/nonexistent")));
        assertThat(String.join("\n", e.problems()))
                .contains("limits.peer_values_per_second: moved to peer_budgets.lookup.values_per_second")
                .contains("peer_budgets.burst_bytes: 1000 is below limits.max_message_bytes")
                .contains("peer_budgets.lookup.burst_values: 999 is below limits.max_batch_values (1000)")
                .contains("peer_budgets.lookup.per_second: unknown setting")
                .contains("peer_budgets.deliver_request.values_per_second: unknown setting");
    }

    @Test
    void listsEveryProblemWithItsFieldAndTheFix() {
        ConfigException e =
                catchThrowableOfType(ConfigException.class, () -> NodeConfigLoader.parse("""
                node_id: th-ccib
                country: XX
                contact: {unit: u, phone: p}
                listen: {national: "127.0.0.1:99999"}
                limits: {max_batch_values: lots, max_mesage_bytes: 10}
                expiry_purge_interval: soon
                tls: {provider: SSLv3, ca_certificate: pki/missing.pem, node_certificate: pki/node.pem}
                """, "node.yaml", base));
        assertThat(e.getMessage()).startsWith("configuration node.yaml is not usable");
        assertThat(e.problems())
                .anySatisfy(p -> assertThat(p).startsWith("node_id: 'th-ccib' is not CC-UNIT"))
                .anySatisfy(p -> assertThat(p).startsWith("country: 'XX' is not an ISO 3166-1"))
                .anySatisfy(p -> assertThat(p).isEqualTo("data_dir: missing; this setting is required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("contact.email: missing; this setting is required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("listen.national: port 99999 is outside 0 to 65535"))
                .anySatisfy(p -> assertThat(p).startsWith("limits.max_batch_values: must be a whole number"))
                .anySatisfy(p -> assertThat(p).startsWith("limits.max_mesage_bytes: unknown setting"))
                .anySatisfy(p -> assertThat(p).startsWith("expiry_purge_interval: 'soon' is not a duration"))
                .anySatisfy(p -> assertThat(p).startsWith("tls.provider: 'SSLV3' is not a TLS provider"))
                .anySatisfy(p -> assertThat(p)
                        .startsWith("tls.ca_certificate: " + base.resolve("pki/missing.pem") + " does not exist"))
                .anySatisfy(p -> assertThat(p).isEqualTo("tls.node_key: missing; this setting is required"));
    }

    @Test
    void withoutTlsTheNodeRefusesToStartAndSaysHowToFixIt() {
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> NodeConfigLoader.parse(
                        "node_id: TH-CCIB\ncountry: TH\ndata_dir: d\ncontact: {unit: u, phone: p, email: e}\n",
                        "t",
                        base));
        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("tls: missing; every listener uses mutual TLS")
                .contains("jaring node init");
    }

    @Test
    void refusesANodeIdFromAnotherCountryAndBrokenYaml() {
        ConfigException wrongCountry = catchThrowableOfType(
                ConfigException.class,
                () -> NodeConfigLoader.parse(
                        "node_id: MY-PDRM\ncountry: TH\ndata_dir: d\ncontact: {unit: u, phone: p, email: e}\n" + TLS,
                        "t",
                        base));
        assertThat(wrongCountry.problems())
                .containsExactly("node_id: 'MY-PDRM' should start with the node's country 'TH-'");

        ConfigException broken = catchThrowableOfType(
                ConfigException.class, () -> NodeConfigLoader.parse("node_id: [unclosed", "t", base));
        assertThat(broken.getMessage()).contains("not valid YAML");
    }

    @Test
    void boundsOnAPeersLookupAnswerHaveDefaultsAndAreCheckedAtStartUp() {
        String base0 = "node_id: TH-CCIB\ncountry: TH\ndata_dir: d\ncontact: {unit: u, phone: p, email: e}\n" + TLS;
        NodeConfig defaults = NodeConfigLoader.parse(base0, "t", base);
        assertThat(defaults.federation().maxAnswerHitsPerValue()).isEqualTo(1_000);
        assertThat(defaults.federation().maxAnswerHits()).isEqualTo(50_000);

        NodeConfig set = NodeConfigLoader.parse(
                base0 + "federation: {max_answer_hits_per_value: 7, max_answer_hits: 70}\n", "t", base);
        assertThat(set.federation().maxAnswerHitsPerValue()).isEqualTo(7);
        assertThat(set.federation().maxAnswerHits()).isEqualTo(70);

        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> NodeConfigLoader.parse(
                        base0 + "federation: {max_answer_hits_per_value: 0, max_answer_hits: lots}\n", "t", base));
        assertThat(e.problems())
                .containsExactlyInAnyOrder(
                        "federation.max_answer_hits_per_value: 0 is outside 1 to 1000000",
                        "federation.max_answer_hits: must be a whole number between 1 and 10000000, got 'lots'");
    }

    @Test
    void parsesHostPortForms() {
        assertThat(HostPort.parse("[::1]:7401")).isEqualTo(new HostPort("::1", 7401));
        assertThat(HostPort.parse("[::1]:7401").isLoopback()).isTrue();
        assertThat(HostPort.parse("localhost:1").isLoopback()).isTrue();
        assertThat(HostPort.parse("10.0.0.1:1").isLoopback()).isFalse();
    }
}
