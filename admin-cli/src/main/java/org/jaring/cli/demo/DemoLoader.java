package org.jaring.cli.demo;

import java.util.List;
import org.jaring.cli.connect.IndicatorUpload;
import org.jaring.cli.demo.data.DemoDataset;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.PutCaseRequest;

/** Enters a member's generated cases through its own national service, as its analysts' tools would. */
final class DemoLoader {
    private DemoLoader() {}

    /** Returns how many indicators the node stored. */
    static long load(DemoNode node, List<DemoDataset.CaseBundle> cases) throws Exception {
        for (DemoDataset.CaseBundle bundle : cases) {
            node.analyst()
                    .putCase(PutCaseRequest.newBuilder()
                            .setCase(bundle.caseRecord())
                            .build());
        }
        IndicatorUpload upload = new IndicatorUpload(node.analystAsync(), 5);
        for (DemoDataset.CaseBundle bundle : cases) {
            upload.send(AddIndicatorsRequest.newBuilder()
                    .setCaseId(bundle.caseRecord().getCaseId())
                    .addAllIndicators(bundle.indicators())
                    .build());
        }
        return upload.finish(5).getStored();
    }
}
