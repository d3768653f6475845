package org.jaring.bench;

import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Audience;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;

/** Loads indicators into a node through its national service, as an analyst's bulk tool would. */
final class Loader {
    private Loader() {}

    /** A case whose indicators peers in {@code group} may see (TLP:GREEN to the group). */
    static void putCase(BenchNode node, String caseId, String group) {
        node.analyst()
                .putCase(PutCaseRequest.newBuilder()
                        .setCase(Case.newBuilder()
                                .setCaseId(caseId)
                                .setTitle("benchmark " + caseId)
                                .setDefaultHandling(Handling.newBuilder()
                                        .setTlp(Tlp.TLP_GREEN)
                                        .setAudience(Audience.newBuilder().addGroups(group))))
                        .build());
    }

    /** The indicators as LoadIndicators messages of {@link Scale#BATCH}, built before any timing starts. */
    static List<AddIndicatorsRequest> batches(String caseId, List<Indicator> indicators) {
        return batches(caseId, indicators, Scale.BATCH);
    }

    /** The same with {@code size} indicators per message (the CSV benchmark matches the import's batch size). */
    static List<AddIndicatorsRequest> batches(String caseId, List<Indicator> indicators, int size) {
        List<AddIndicatorsRequest> out = new ArrayList<>();
        for (int from = 0; from < indicators.size(); from += size) {
            out.add(AddIndicatorsRequest.newBuilder()
                    .setCaseId(caseId)
                    .addAllIndicators(indicators.subList(from, Math.min(indicators.size(), from + size)))
                    .build());
        }
        return out;
    }

    /** One LoadIndicators stream of the batches; returns when the node has acknowledged all of it. */
    static AddIndicatorsResponse load(BenchNode node, List<AddIndicatorsRequest> batches) throws Exception {
        CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
        StreamObserver<AddIndicatorsRequest> upload = node.analystAsync()
                .withDeadlineAfter(30, TimeUnit.MINUTES)
                .loadIndicators(new StreamObserver<>() {
                    @Override
                    public void onNext(AddIndicatorsResponse r) {
                        done.complete(r);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {}
                });
        for (AddIndicatorsRequest b : batches) {
            upload.onNext(b);
        }
        upload.onCompleted();
        return done.get(30, TimeUnit.MINUTES);
    }
}
