package org.jaring.cli.interop;

import org.jaring.cli.connect.IndicatorUpload;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.cli.Refused;
import org.jaring.node.indicator.CanonicalValue;
import org.jaring.node.indicator.Canonicalizer;
import org.jaring.node.indicator.IndicatorTypeNames;
import org.jaring.node.indicator.InvalidIndicatorException;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;

/**
 * Turns read items into indicators and stores them: every value is first made canonical locally with the
 * node's own {@link Canonicalizer} (and the node's other field rules), so a bad value is reported instead of
 * sinking its batch; values repeated in the file are sent once; the valid ones go to the node in batches on
 * one LoadIndicators stream, each batch one atomic synced write. Should the node still refuse a batch, its
 * refused positions are reported and the stream is resumed at that batch without them.
 */
final class Importer {
    private static final Pattern POSITION = Pattern.compile("batches\\[(\\d+)]\\.indicators\\[(\\d+)](.*)");
    private static final int MAX_NOTE = 2000;

    /** The outcome of an import, for the summary line and the report. */
    static final class Outcome {
        int read;
        int stored;
        int created;
        int duplicates;
        int skipped;
        final List<Refusal> refused = new ArrayList<>();
    }

    record Valid(ImportItem item, Indicator indicator) {
    }

    private final Canonicalizer canonicalizer;
    private final int batchSize;

    Importer(Canonicalizer canonicalizer, int batchSize) {
        this.canonicalizer = canonicalizer;
        this.batchSize = batchSize;
    }

    /** Validates locally; returns the indicators to send, adding refusals and duplicate counts to {@code outcome}. */
    List<Valid> validate(ParsedFile file, Outcome outcome) {
        outcome.read = file.items.size() + file.refused.size();
        outcome.skipped = file.skipped;
        outcome.refused.addAll(file.refused);
        List<Valid> valid = new ArrayList<>(file.items.size());
        Set<String> seen = new HashSet<>();
        for (ImportItem item : file.items) {
            String shownType = item.sourceType.isEmpty() && item.type != IndicatorType.INDICATOR_TYPE_UNSPECIFIED
                    ? IndicatorTypeNames.name(item.type) : item.sourceType;
            CanonicalValue value;
            try {
                value = canonicalizer.canonicalize(item.type, item.raw);
            } catch (InvalidIndicatorException e) {
                outcome.refused.add(new Refusal(item.position, shownType, item.raw, e.getMessage()));
                continue;
            }
            if (item.accept != null && !item.accept.contains(value.type())) {
                outcome.refused.add(new Refusal(item.position, shownType, item.raw, "recognised as "
                        + IndicatorTypeNames.name(value.type()) + ", which " + shownType + " cannot hold"));
                continue;
            }
            String problem = fieldProblem(item);
            if (problem != null) {
                outcome.refused.add(new Refusal(item.position, shownType, item.raw, problem));
                continue;
            }
            if (!seen.add(value.type().getNumber() + "\u0000" + value.value())) {
                outcome.duplicates++;
                continue;
            }
            Indicator.Builder b = Indicator.newBuilder().setType(value.type()).setValue(value.value())
                    .addAllOffences(item.offences).setNote(item.note == null ? "" : item.note);
            if (item.confidence != null) {
                b.setConfidence(item.confidence);
            }
            if (item.firstSeen != null) {
                b.setFirstSeen(ts(item.firstSeen));
            }
            if (item.lastSeen != null) {
                b.setLastSeen(ts(item.lastSeen));
            }
            if (item.validUntil != null) {
                b.setValidUntil(ts(item.validUntil));
            }
            if (item.tlp != null) {
                b.setHandling(Handling.newBuilder().setTlp(item.tlp));
            }
            valid.add(new Valid(item, b.build()));
        }
        return valid;
    }

    /** The node's rules for the other fields (docs/protocol.md 3.5), checked before sending. */
    private static String fieldProblem(ImportItem item) {
        if (item.confidence != null && (item.confidence < 0 || item.confidence > 100)) {
            return "confidence " + item.confidence + " is not between 0 and 100";
        }
        if (item.firstSeen != null && item.lastSeen != null && item.lastSeen.isBefore(item.firstSeen)) {
            return "last_seen is before first_seen";
        }
        if (item.note != null && item.note.length() > MAX_NOTE) {
            return "note longer than " + MAX_NOTE + " characters";
        }
        for (Instant t : new Instant[] {item.firstSeen, item.lastSeen, item.validUntil}) {
            if (t != null && !Timestamps.isValid(ts(t))) {
                return "a time is outside the range protobuf timestamps can hold";
            }
        }
        return null;
    }

    /** Sends {@code valid} in batches, resuming after a refused batch without its refused positions. */
    void store(NationalServiceGrpc.NationalServiceStub stub, String caseId, List<Valid> valid, Outcome outcome,
               PrintWriter progress) {
        List<Valid> pending = new ArrayList<>(valid);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<List<Valid>> batches = new ArrayList<>();
            for (int from = 0; from < pending.size(); from += batchSize) {
                batches.add(pending.subList(from, Math.min(pending.size(), from + batchSize)));
            }
            IndicatorUpload upload = new IndicatorUpload(stub, 10);
            int sent = 0;
            for (List<Valid> batch : batches) {
                AddIndicatorsRequest.Builder request = AddIndicatorsRequest.newBuilder().setCaseId(caseId);
                batch.forEach(v -> request.addIndicators(v.indicator()));
                if (!upload.send(request.build())) {
                    break;
                }
                sent += batch.size();
                if (pending.size() >= 10_000 && progress != null) {
                    progress.printf("  sent %,d of %,d%n", sent, pending.size());
                    progress.flush();
                }
            }
            try {
                AddIndicatorsResponse r = upload.finish(10);
                outcome.stored += (int) r.getStored();
                outcome.created += (int) r.getCreated();
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StatusRuntimeException sre)
                        || sre.getStatus().getCode() != Status.Code.INVALID_ARGUMENT || attempt > 3) {
                    throw failed(e.getCause(), outcome, pending.size());
                }
                pending = resume(sre, batches, outcome);
                if (pending == null) {
                    throw failed(sre, outcome, 0);
                }
            } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
                throw failed(e, outcome, pending.size());
            }
        }
    }

    /**
     * After a refused batch: batches before it were stored (counted), its refused positions are reported, and
     * what remains of it and every later batch is returned to send again. Null if the error names no position.
     */
    private List<Valid> resume(StatusRuntimeException e, List<List<Valid>> batches, Outcome outcome) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        int refusedBatch = -1;
        Set<Integer> refusedIndexes = new HashSet<>();
        if (details != null) {
            for (com.google.protobuf.Any any : details.getDetailsList()) {
                if (!any.is(BadRequest.class)) {
                    continue;
                }
                try {
                    for (BadRequest.FieldViolation v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                        Matcher m = POSITION.matcher(v.getField());
                        if (m.matches()) {
                            refusedBatch = Integer.parseInt(m.group(1));
                            int index = Integer.parseInt(m.group(2));
                            if (refusedIndexes.add(index)) {
                                ImportItem item = batches.get(refusedBatch).get(index).item();
                                outcome.refused.add(new Refusal(item.position, item.sourceType, item.raw,
                                        "refused by the node" + m.group(3) + ": " + v.getDescription()));
                            }
                        }
                    }
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    // no positions: reported as a failure by the caller
                }
            }
        }
        if (refusedBatch < 0) {
            return null;
        }
        for (int b = 0; b < refusedBatch; b++) {
            outcome.stored += batches.get(b).size();
        }
        List<Valid> rest = new ArrayList<>();
        List<Valid> refused = batches.get(refusedBatch);
        for (int i = 0; i < refused.size(); i++) {
            if (!refusedIndexes.contains(i)) {
                rest.add(refused.get(i));
            }
        }
        for (int b = refusedBatch + 1; b < batches.size(); b++) {
            rest.addAll(batches.get(b));
        }
        return rest;
    }

    private static RuntimeException failed(Throwable cause, Outcome outcome, int notStored) {
        String why = cause instanceof StatusRuntimeException sre
                ? sre.getStatus().getCode() + ": " + sre.getStatus().getDescription() : String.valueOf(cause);
        return new Refused("the import stopped: " + why + ". Stored before that: at least " + outcome.stored
                + " indicators; " + notStored + " were not confirmed. Batches are atomic and re-importing the"
                + " same file is safe: run it again.");
    }

    private static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }
}
