package org.jaring.cli.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.DeliveryFailure;
import org.jaring.v1.RequestRecord;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.junit.jupiter.api.Test;

/** {@code jaring request list} and {@code show}: a refused delivery is visible, and the peer's text is escaped. */
class RequestPrintingTest {
    private static RequestRecord failed() {
        return RequestRecord.newBuilder()
                .setOutgoing(true)
                .setState(RequestState.WITHDRAWN)
                .setRequest(CooperationRequest.newBuilder()
                        .setRequestId("6f9619ff-8b86-d011-b42d-00c04fc964ff")
                        .setType(RequestType.EXPEDITED_PRESERVATION)
                        .setRequestingNode("TH-CCIB")
                        .setRequestedNode("MY-PDRM")
                        .setIssuingAuthority("TH\r\nforged: MY-PDRM FULFILLED")
                        .setSummaryOfFacts("line 1\nline 2 \u001b[31m")
                        .setContactPoint(ContactPoint.newBuilder().setUnit("u"))
                        .setCreatedAt(Timestamps.fromMillis(0))
                        .setDeadline(Timestamps.fromMillis(86_400_000L)))
                .setDeliveryFailure(DeliveryFailure.newBuilder()
                        .setSequence(3)
                        .setToState(RequestState.WITHDRAWN)
                        .setPeer("MY-PDRM")
                        .setCode("FAILED_PRECONDITION")
                        .setReason("request already has a different transition 3 (ACKNOWLEDGED)\r\n")
                        .setTime(Timestamps.fromMillis(1_000)))
                .build();
    }

    @Test
    void theListShowsTheFailureInTheStateAndTheReasonInItsOwnCell() {
        StringWriter text = new StringWriter();
        RequestCli.table(new PrintWriter(text), List.of(failed()));
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).contains("FAILURE");
        assertThat(lines.get(2))
                .contains("withdrawn, delivery failed")
                .contains("FAILED_PRECONDITION: request already")
                .doesNotContain("\r");
    }

    @Test
    void showNamesTheRefusedTransitionAndEscapesWhatEitherStateWrote() {
        StringWriter text = new StringWriter();
        RequestCli.show(new PrintWriter(text), failed());
        String out = text.toString();
        assertThat(out)
                .contains("DELIVERY FAILED: transition 3 (withdrawn) refused by MY-PDRM")
                .contains("FAILED_PRECONDITION: request already has a different transition 3 (ACKNOWLEDGED)\\r\\n")
                .contains("TH\\r\\nforged: MY-PDRM FULFILLED")
                .contains("line 1\nline 2 \\u{1b}[31m")
                .doesNotContain("\r", "\u001b");
        assertThat(out.lines()).noneMatch(l -> l.startsWith("forged"));
    }
}
