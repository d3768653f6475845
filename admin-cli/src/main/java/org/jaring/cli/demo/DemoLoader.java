package org.jaring.cli.demo;

import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jaring.node.sample.DemoDataset;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.PutCaseRequest;

/** Enters a member's generated cases through its own national service, as its analysts' tools would. */
final class DemoLoader {
    private DemoLoader() {
    }

    /** Returns how many indicators the node stored. */
    static long load(DemoNode node, List<DemoDataset.CaseBundle> cases) throws Exception {
        for (DemoDataset.CaseBundle bundle : cases) {
            node.analyst().putCase(PutCaseRequest.newBuilder().setCase(bundle.caseRecord()).build());
        }
        CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
        StreamObserver<AddIndicatorsRequest> upload = node.analystAsync().withDeadlineAfter(5, TimeUnit.MINUTES)
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
                    public void onCompleted() {
                    }
                });
        for (DemoDataset.CaseBundle bundle : cases) {
            upload.onNext(AddIndicatorsRequest.newBuilder().setCaseId(bundle.caseRecord().getCaseId())
                    .addAllIndicators(bundle.indicators()).build());
        }
        upload.onCompleted();
        return done.get(5, TimeUnit.MINUTES).getStored();
    }
}
