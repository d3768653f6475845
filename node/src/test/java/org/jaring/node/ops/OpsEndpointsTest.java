package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.node.CallDeadline;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.Purpose;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.SyncNowRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoints of real nodes: the Prometheus endpoint scraped over HTTP and parsed, the gRPC
 * health and reflection services called over mutual TLS with an admin certificate.
 */
class OpsEndpointsTest {
    static final String WALLET = "ETH:0x52908400098527886E0F7030069857D2E4169EE7";

    @TempDir
    Path dir;

    @Test
    void metricsEndpointServesPrometheusTextAndMetersMoveAfterALookup() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB");
                RunningNode my = new RunningNode(dir.resolve("my"), "MY-PDRM")) {
            th.trust(my, "asean");
            my.trust(th, "asean");
            my.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("MY-1")
                                    .setTitle("wallet case")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            my.analyst()
                    .addIndicators(AddIndicatorsRequest.newBuilder()
                            .setCaseId("MY-1")
                            .addIndicators(Indicator.newBuilder()
                                    .setType(IndicatorType.INDICATOR_TYPE_WALLET)
                                    .setValue(WALLET)
                                    .setConfidence(80))
                            .build());

            assertThat(th.node.metricsPort()).isPositive();
            Map<String, Double> before = scrape(th.node.metricsPort());
            assertThat(before)
                    .containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}".replaceAll("\\{.*", ""));

            var response = th.analyst()
                    .lookupFederated(FederatedLookupRequest.newBuilder()
                            .setPurpose(Purpose.newBuilder()
                                    .setCaseReference("TH-2026-0042")
                                    .setLegalBasis(LegalBasis.LEGAL_BASIS_ASEAN_MLAT))
                            .setDeadlineMillis(30_000) // far above MY's time to answer: the lookup returns when MY has
                            .addQueries(LookupQuery.newBuilder().setValue(WALLET))
                            .build());
            assertThat(response.getResults(0).getHitsCount()).isEqualTo(1);

            Map<String, Double> th1 = scrape(th.node.metricsPort());
            assertThat(th1.get("jaring_federated_lookups_total")).isEqualTo(1.0);
            assertThat(th1.get("jaring_federated_hits_total{origin=\"peers\"}")).isEqualTo(1.0);
            assertThat(th1.get("jaring_federated_hits_total{origin=\"local\"}")).isEqualTo(0.0);
            assertThat(value(
                            th1,
                            "jaring_grpc_client_calls_seconds_count",
                            "peer=\"MY-PDRM\"",
                            "method=\"Lookup\"",
                            "code=\"OK\""))
                    .isEqualTo(1.0);
            assertThat(value(
                            th1,
                            "jaring_grpc_server_calls_seconds_count",
                            "listener=\"national\"",
                            "method=\"LookupFederated\"",
                            "code=\"OK\""))
                    .isEqualTo(1.0);
            assertThat(value(th1, "jaring_certificate_expiry_days", "certificate=\"node\""))
                    .isBetween(89.0, 90.01);
            assertThat(value(th1, "jaring_peer_anchor_expiry_days", "peer=\"MY-PDRM\""))
                    .isGreaterThan(3000.0);

            Map<String, Double> my1 = scrape(my.node.metricsPort());
            assertThat(my1.get("jaring_peer_lookups_total{peer=\"TH-CCIB\"}")).isEqualTo(1.0);
            assertThat(my1.get("jaring_peer_lookup_values_total{peer=\"TH-CCIB\"}"))
                    .isEqualTo(1.0);
            assertThat(my1.get("jaring_peer_lookup_matches_total{peer=\"TH-CCIB\"}"))
                    .isEqualTo(1.0);
            assertThat(my1.get("jaring_peer_disclosures_total{peer=\"TH-CCIB\"}"))
                    .isEqualTo(1.0);
            assertThat(value(my1, "jaring_grpc_server_calls_seconds_count", "listener=\"peer\"", "method=\"Lookup\""))
                    .isEqualTo(1.0);
            assertThat(value(my1, "jaring_store_keys", "column_family=\"indicators\""))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(my1).containsKey("jaring_store_block_cache_usage_bytes");
            assertThat(my1.keySet()).anyMatch(k -> k.startsWith("jaring_trust_decisions"));
            assertThat(my1.keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
            assertThat(my1.keySet()).anyMatch(k -> k.startsWith("jvm_threads_live_threads"));
            assertThat(my1.keySet()).anyMatch(k -> k.startsWith("system_cpu_count"));
            assertThat(my1.keySet()).anyMatch(k -> k.startsWith("jvm_classes_loaded_classes"));
            // Feed sync: TH pulls MY's feed; the lag gauge shows nothing left to apply.
            th.admin().syncNow(SyncNowRequest.getDefaultInstance());
            Map<String, Double> th2 = scrape(th.node.metricsPort());
            assertThat(th2.get("jaring_sync_lag{peer=\"MY-PDRM\"}")).isEqualTo(0.0);
            assertThat(th2.get("jaring_sync_age_seconds{peer=\"MY-PDRM\"}")).isBetween(0.0, 60.0);
            // Counts only: the endpoint never carries an indicator value.
            assertThat(rawScrape(my.node.metricsPort())).doesNotContain("0x52908400098527886E0F7030069857D2E4169EE7");
        }
    }

    @Test
    void healthIsServingOverMutualTlsAndTurnsNotServingWhenTheStoreCloses() {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            ManagedChannel admin = th.channel(th.node.adminPort(), "admin");
            HealthGrpc.HealthBlockingStub health =
                    HealthGrpc.newBlockingStub(admin).withInterceptors(CallDeadline.each(60, TimeUnit.SECONDS));
            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(ServingStatus.SERVING);
            assertThat(health.check(HealthCheckRequest.newBuilder()
                                    .setService("jaring.v1.AdminService")
                                    .build())
                            .getStatus())
                    .isEqualTo(ServingStatus.SERVING);

            th.node.store().close();

            assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
                    .isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(health.check(HealthCheckRequest.newBuilder()
                                    .setService("jaring.v1.NationalService")
                                    .build())
                            .getStatus())
                    .isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(th.node.health().reason()).contains("store is closed");
        }
    }

    @Test
    void reflectionListsTheServicesOnTheNationalListener() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            th.issueAnalyst("analyst");
            ManagedChannel national = th.channel(th.node.nationalPort(), "analyst");
            CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(national)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse r) {
                            answer.complete(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {}
                    });
            requests.onNext(
                    ServerReflectionRequest.newBuilder().setListServices("").build());
            List<String> names = answer.get(30, TimeUnit.SECONDS).getListServicesResponse().getServiceList().stream()
                    .map(s -> s.getName())
                    .toList();
            requests.onCompleted();
            assertThat(names)
                    .contains(
                            "jaring.v1.NationalService",
                            "grpc.health.v1.Health",
                            "grpc.reflection.v1.ServerReflection");
        }
    }

    private static String rawScrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    /** Parses the Prometheus text format: "name{labels} value" per sample line, comments skipped. */
    static Map<String, Double> scrape(int port) throws Exception {
        Map<String, Double> samples = new HashMap<>();
        for (String line : rawScrape(port).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int split = line.lastIndexOf(' ');
            String key = line.substring(0, split);
            String v = line.substring(split + 1);
            samples.put(key, v.equals("NaN") ? Double.NaN : Double.parseDouble(v.replace("+Inf", "Infinity")));
            int brace = key.indexOf('{');
            if (brace > 0) {
                samples.putIfAbsent(key.substring(0, brace), 0.0);
            }
        }
        return samples;
    }

    /** The one sample of {@code name} whose labels contain every fragment given. */
    static double value(Map<String, Double> samples, String name, String... labels) {
        List<Map.Entry<String, Double>> matches = samples.entrySet().stream()
                .filter(e -> e.getKey().startsWith(name + "{"))
                .filter(e -> List.of(labels).stream().allMatch(l -> e.getKey().contains(l)))
                .toList();
        assertThat(matches)
                .as("samples of %s with %s in %s", name, List.of(labels), samples.keySet())
                .hasSize(1);
        return matches.get(0).getValue();
    }
}
