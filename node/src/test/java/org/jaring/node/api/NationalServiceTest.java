package org.jaring.node.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.rpc.BadRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.jaring.node.CallDeadline;
import org.jaring.node.RunningNode;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.PutCaseResponse;
import org.jaring.v1.Tlp;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The national service through a real node: mutual TLS on 127.0.0.1 with an analyst certificate from the
 * node's own CA, a real store in a temp folder.
 */
class NationalServiceTest {
    @TempDir
    Path dir;

    private RunningNode node;
    private ManagedChannel channel;
    private NationalServiceGrpc.NationalServiceBlockingStub stub;

    @BeforeEach
    void start() {
        node = new RunningNode(dir, "TH-CCIB", "limits: {max_batch_values: 5, max_message_bytes: 4096}\n");
        node.issueAnalyst("analyst");
        channel = node.channel(node.node.nationalPort(), "analyst");
        stub = NationalServiceGrpc.newBlockingStub(channel).withInterceptors(CallDeadline.each(60, TimeUnit.SECONDS));
        stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder()
                        .setCaseId("TH-2026-0042")
                        .setTitle("Investment scam ring")
                        .addOffences(Offence.OFFENCE_FRAUD)
                        .setDefaultHandling(Handling.newBuilder().setTlp(Tlp.TLP_GREEN)))
                .build());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static Indicator indicator(IndicatorType type, String value) {
        return Indicator.newBuilder()
                .setType(type)
                .setValue(value)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setConfidence(70)
                .build();
    }

    private static AddIndicatorsRequest add(Indicator... indicators) {
        return AddIndicatorsRequest.newBuilder()
                .setCaseId("TH-2026-0042")
                .addAllIndicators(List.of(indicators))
                .build();
    }

    /** A LoadIndicators stream whose one answer, or error, completes {@code done}. */
    private StreamObserver<AddIndicatorsRequest> bulkLoad(CompletableFuture<AddIndicatorsResponse> done) {
        return NationalServiceGrpc.newStub(channel).loadIndicators(new StreamObserver<>() {
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
    }

    private static StatusRuntimeException refusal(CompletableFuture<AddIndicatorsResponse> done) {
        return (StatusRuntimeException)
                catchThrowableOfType(ExecutionException.class, () -> done.get(30, TimeUnit.SECONDS))
                        .getCause();
    }

    private List<LookupLocalResult> lookup(IndicatorType type, String... values) {
        LookupLocalRequest.Builder request = LookupLocalRequest.newBuilder();
        for (String v : values) {
            request.addQueries(LookupQuery.newBuilder().setType(type).setValue(v));
        }
        return stub.lookupLocal(request.build()).getResultsList();
    }

    private static List<String> violatedFields(StatusRuntimeException e) throws Exception {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        assertThat(status).isNotNull();
        return status.getDetails(0).unpack(BadRequest.class).getFieldViolationsList().stream()
                .map(BadRequest.FieldViolation::getField)
                .toList();
    }

    @Test
    void casesAreCreatedOnceAndKeepTheirHandle() {
        PutCaseResponse again = stub.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder().setCaseId("TH-2026-0042").setTitle("Renamed"))
                .build());
        assertThat(again.getCreated()).isFalse();
        assertThat(again.getCase().getCaseHandle()).startsWith("TH-CCIB:").hasSize("TH-CCIB:".length() + 20);
        assertThat(stub.getCase(GetCaseRequest.newBuilder()
                                .setCaseId("TH-2026-0042")
                                .build())
                        .getCase()
                        .getTitle())
                .isEqualTo("Renamed");
    }

    @Test
    void storedIndicatorsAreFoundByAnySpellingOfTheirValue() {
        AddIndicatorsResponse added = stub.addIndicators(add(
                indicator(IndicatorType.INDICATOR_TYPE_URL, "hxxps://evil[.]com:443/a"),
                indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "ExAmple-Scam.COM."),
                indicator(IndicatorType.INDICATOR_TYPE_IPV4, "010.1.1.1")));
        assertThat(added.getStored()).isEqualTo(3);
        assertThat(added.getCanonicalValuesList())
                .containsExactly("https://evil.com/a", "example-scam.com", "10.1.1.1");

        List<LookupLocalResult> results =
                lookup(IndicatorType.INDICATOR_TYPE_DOMAIN, "example-scam.com", "nothing.example");
        assertThat(results.get(0).getIndicatorsList()).singleElement().satisfies(i -> {
            assertThat(i.getValue()).isEqualTo("example-scam.com");
            assertThat(i.getCaseId()).isEqualTo("TH-2026-0042");
            assertThat(i.hasRecordedAt()).isTrue();
        });
        assertThat(results.get(1).getIndicatorsList()).isEmpty();
        assertThat(results.get(1).getCanonicalValue()).isEqualTo("nothing.example");
        assertThat(stub.getCase(GetCaseRequest.newBuilder()
                                .setCaseId("TH-2026-0042")
                                .build())
                        .getIndicatorsCount())
                .isEqualTo(3);
    }

    @Test
    void aBatchWithMalformedValuesIsRefusedWholeNamingEachPosition() throws Exception {
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> stub.addIndicators(add(
                        indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "good.example"),
                        indicator(IndicatorType.INDICATOR_TYPE_IPV4, "1.2.3.256"),
                        indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "  "))));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription())
                .contains("indicators[1].value")
                .contains("indicators[2].value");
        assertThat(violatedFields(e)).containsExactly("indicators[1].value", "indicators[2].value");
        assertThat(lookup(IndicatorType.INDICATOR_TYPE_DOMAIN, "good.example")
                        .get(0)
                        .getIndicatorsList())
                .as("nothing of a refused batch is stored")
                .isEmpty();
    }

    @Test
    void unknownEnumValuesAreRefusedByName() throws Exception {
        Indicator unknownType =
                Indicator.newBuilder().setTypeValue(99).setValue("x.example").build();
        Indicator unknownOffence = indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "y.example").toBuilder()
                .addOffencesValue(77)
                .build();
        Indicator unknownTlp = indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "z.example").toBuilder()
                .setHandling(Handling.newBuilder().setTlpValue(42))
                .build();
        StatusRuntimeException e = catchThrowableOfType(
                StatusRuntimeException.class, () -> stub.addIndicators(add(unknownType, unknownOffence, unknownTlp)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(violatedFields(e))
                .containsExactly("indicators[0].type", "indicators[1].offences[1]", "indicators[2].handling.tlp");
        assertThat(e.getStatus().getDescription())
                .contains("unknown indicator type number 99")
                .contains("unknown offence code 77")
                .contains("unknown TLP value 42");
    }

    @Test
    void tooManyValuesInOneCallIsResourceExhausted() {
        Indicator[] six = new Indicator[6];
        for (int i = 0; i < six.length; i++) {
            six[i] = indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "d" + i + ".example");
        }
        StatusRuntimeException e =
                catchThrowableOfType(StatusRuntimeException.class, () -> stub.addIndicators(add(six)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(e.getStatus().getDescription()).contains("6 values").contains("limits.max_batch_values");

        StatusRuntimeException lookupTooBig = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> lookup(
                        IndicatorType.INDICATOR_TYPE_DOMAIN,
                        "1.example",
                        "2.example",
                        "3.example",
                        "4.example",
                        "5.example",
                        "6.example"));
        assertThat(lookupTooBig.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void anOversizedMessageIsRefusedAndTheNodeKeepsServing() {
        Indicator big = indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "big.example").toBuilder()
                .setNote("x".repeat(5000))
                .build();
        StatusRuntimeException e =
                catchThrowableOfType(StatusRuntimeException.class, () -> stub.addIndicators(add(big)));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(stub.addIndicators(add(indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "small.example")))
                        .getStored())
                .isEqualTo(1);
        assertThat(lookup(IndicatorType.INDICATOR_TYPE_DOMAIN, "big.example")
                        .get(0)
                        .getIndicatorsList())
                .isEmpty();
    }

    @Test
    void aMissingCaseAndAnEmptyLookupAreClearErrors() {
        StatusRuntimeException missing = catchThrowableOfType(
                StatusRuntimeException.class,
                () -> stub.addIndicators(AddIndicatorsRequest.newBuilder()
                        .setCaseId("NOPE-1")
                        .addIndicators(indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "a.example"))
                        .build()));
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getStatus().getDescription())
                .contains("'NOPE-1' does not exist")
                .contains("PutCase");

        StatusRuntimeException empty = catchThrowableOfType(
                StatusRuntimeException.class, () -> stub.lookupLocal(LookupLocalRequest.getDefaultInstance()));
        assertThat(empty.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(empty.getStatus().getDescription()).startsWith("queries: empty");
    }

    @Test
    void withdrawalRemovesTheIndicatorAndASecondOneIsNotFound() {
        stub.addIndicators(add(indicator(IndicatorType.INDICATOR_TYPE_EMAIL, "Boss@Scam-Corp.example")));
        WithdrawIndicatorRequest withdraw = WithdrawIndicatorRequest.newBuilder()
                .setCaseId("TH-2026-0042")
                .setType(IndicatorType.INDICATOR_TYPE_EMAIL)
                .setValue("Boss@SCAM-CORP.example")
                .setReason("mistyped")
                .build();
        assertThat(stub.withdrawIndicator(withdraw).getCanonicalValue()).isEqualTo("Boss@scam-corp.example");
        assertThat(lookup(IndicatorType.INDICATOR_TYPE_EMAIL, "Boss@scam-corp.example")
                        .get(0)
                        .getIndicatorsList())
                .isEmpty();
        StatusRuntimeException again =
                catchThrowableOfType(StatusRuntimeException.class, () -> stub.withdrawIndicator(withdraw));
        assertThat(again.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    }

    @Test
    void aBulkLoadStopsAtTheFirstBadBatchAndSaysWhatWasStored() throws Exception {
        CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
        StreamObserver<AddIndicatorsRequest> upload = bulkLoad(done);
        upload.onNext(add(
                indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "one.example"),
                indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "two.example")));
        upload.onNext(add(indicator(IndicatorType.INDICATOR_TYPE_IPV4, "300.1.1.1")));
        upload.onNext(add(indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "three.example")));
        upload.onCompleted();
        StatusRuntimeException e = refusal(done);
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription())
                .contains("batches[1]: refused whole (1 batches before it, 2 indicators, were stored)")
                .contains("batches[1].indicators[0].value");
        assertThat(lookup(IndicatorType.INDICATOR_TYPE_DOMAIN, "two.example", "three.example"))
                .extracting(LookupLocalResult::getIndicatorsCount)
                .containsExactly(1, 0);
    }

    @Test
    void aBadBatchBehindSeveralInFlightIsReportedOnlyWithWhatIsOnDisk() throws Exception {
        // More good batches than the node reads ahead of the disk, then a bad one, then one that must not land.
        CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
        StreamObserver<AddIndicatorsRequest> upload = bulkLoad(done);
        for (int b = 0; b < 9; b++) {
            upload.onNext(add(
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "ahead" + b + ".example"),
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "ahead" + b + "-2.example")));
        }
        upload.onNext(add(
                indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "fine.example"),
                indicator(IndicatorType.INDICATOR_TYPE_EMAIL, "not an address")));
        upload.onNext(add(indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "after.example")));
        upload.onCompleted();
        StatusRuntimeException e = refusal(done);
        assertThat(e.getStatus().getDescription())
                .contains("batches[9]: refused whole (9 batches before it, 18 indicators, were stored)")
                .contains("batches[9].indicators[1].value");
        assertThat(lookup(IndicatorType.INDICATOR_TYPE_DOMAIN, "ahead8-2.example", "fine.example", "after.example"))
                .extracting(LookupLocalResult::getIndicatorsCount)
                .containsExactly(1, 0, 0);
    }

    @Test
    void aCompleteBulkLoadReportsItsTotals() throws Exception {
        CompletableFuture<AddIndicatorsResponse> done = new CompletableFuture<>();
        StreamObserver<AddIndicatorsRequest> upload = bulkLoad(done);
        for (int b = 0; b < 10; b++) {
            upload.onNext(add(
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "b" + b + ".example"),
                    indicator(IndicatorType.INDICATOR_TYPE_DOMAIN, "shared.example")));
        }
        upload.onCompleted();
        AddIndicatorsResponse totals = done.get(30, TimeUnit.SECONDS);
        assertThat(totals.getStored()).isEqualTo(20);
        assertThat(totals.getCreated()).isEqualTo(11);
    }
}
