package org.jaring.node.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jaring.core.Await;
import org.jaring.node.CallDeadline;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data folder fills up under a running node (RocksDB's own space limit stands in for the disk: the same
 * NoSpace background error). Before, writes were refused with INTERNAL "internal error" and the log said "bug:
 * unexpected failure". Now the caller gets RESOURCE_EXHAUSTED naming the data folder and its free space, the
 * meters and the {@code jaring.store} health entry say so, and when space returns the node takes writes again by
 * itself, with every acknowledged indicator still there. The names checked here are the runbook's
 * (docs/operations.md, "The disk filled up").
 */
class DiskFullTest {
    @TempDir
    Path dir;

    @Test
    void aFullDataFolderIsNamedMeteredAndRecoveredFromWithoutARestart() throws Exception {
        try (RunningNode th = new RunningNode(dir.resolve("th"), "TH-CCIB")) {
            th.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(Case.newBuilder()
                                    .setCaseId("TH-1")
                                    .setTitle("parcel scam")
                                    .addOffences(Offence.OFFENCE_FRAUD)
                                    .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                            .build());
            List<String> acknowledged = new ArrayList<>();
            add(th, "before-full.example", acknowledged);

            th.node.store().limitSpace(1);
            assertThatThrownBy(() -> th.node.store().flush()).isNotNull();

            Path data = th.node.store().directory();
            assertThatThrownBy(() -> add(th, "while-full.example", acknowledged))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                        assertThat(e.getStatus().getDescription())
                                .contains("data folder " + data)
                                .contains("MiB free")
                                .doesNotContain("internal error");
                    });

            Map<String, Double> full = OpsEndpointsTest.scrape(th.node.metricsPort());
            assertThat(OpsEndpointsTest.value(full, "jaring_store_fault", "kind=\"no_space\""))
                    .isEqualTo(1.0);
            assertThat(OpsEndpointsTest.value(full, "jaring_store_failures_total", "kind=\"no_space\""))
                    .isPositive();
            assertThat(full.get("jaring_store_data_free_bytes")).isPositive();
            th.node.health().check();
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(th.channel(th.node.adminPort(), "admin"))
                    .withInterceptors(CallDeadline.each(60, TimeUnit.SECONDS));
            assertThat(storeHealth(health)).isEqualTo(ServingStatus.NOT_SERVING);
            assertThat(th.node.health().storeReason()).contains("is full");

            th.node.store().limitSpace(0); // space returns
            Await.until("the node takes writes again", () -> {
                th.node.health().check(); // as its 10-second timer does
                return storeHealth(health) == ServingStatus.SERVING;
            });
            add(th, "after-full.example", acknowledged);
            Map<String, Double> after = OpsEndpointsTest.scrape(th.node.metricsPort());
            assertThat(OpsEndpointsTest.value(after, "jaring_store_fault", "kind=\"no_space\""))
                    .isEqualTo(0.0);

            th.restart();
            for (String value : acknowledged) {
                var found = th.analyst()
                        .lookupLocal(LookupLocalRequest.newBuilder()
                                .addQueries(LookupQuery.newBuilder().setValue(value))
                                .build());
                assertThat(found.getResults(0).getIndicatorsCount()).as(value).isEqualTo(1);
            }
        }
    }

    private static ServingStatus storeHealth(HealthGrpc.HealthBlockingStub health) {
        return health.check(HealthCheckRequest.newBuilder()
                        .setService(NodeHealth.STORE)
                        .build())
                .getStatus();
    }

    private static void add(RunningNode th, String domain, List<String> acknowledged) {
        th.analyst()
                .addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId("TH-1")
                        .addIndicators(Indicator.newBuilder()
                                .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                                .setValue(domain)
                                .setConfidence(80))
                        .build());
        acknowledged.add(domain);
    }
}
