package org.jaring.cli.interop;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.cli.connect.IndicatorUpload;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.NationalServiceGrpc;

/**
 * Stores one segment of an import (a few batches) on one LoadIndicators stream and waits for the node's
 * totals, so that when it returns the whole segment is confirmed. The node stores batch by batch and stops at
 * the first refused one (docs/protocol.md, LoadIndicators): the batches before it are counted as stored, the
 * positions it names are reported with the node's reason, and the rest is sent again on a new stream.
 */
final class SegmentUpload {
    private static final Pattern POSITION = Pattern.compile("batches\\[(\\d+)]\\.indicators\\[(\\d+)](.*)");
    private static final int MAX_RESUMES = 4;

    /** The segment could not be stored and cannot be resumed; {@code notConfirmed} of it may not be stored. */
    static final class Failure extends RuntimeException {
        final int notConfirmed;

        Failure(Throwable cause, int notConfirmed) {
            super(cause);
            this.notConfirmed = notConfirmed;
        }
    }

    /**
     * The most bytes of indicators one LoadIndicators message carries, far below the 4 MiB a node accepts by default
     * (limits.max_message_bytes). Counting indicators alone is not enough: 5,000 of them with 2,000-character notes
     * in Thai make a 30 MB message, which the node's transport refuses, ending the whole stream.
     */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private SegmentUpload() {}

    /** Cuts {@code items} into batches of at most {@code batchSize} indicators and {@link #MAX_BATCH_BYTES}. */
    static List<List<ValidItem>> batches(List<ValidItem> items, int batchSize) {
        List<List<ValidItem>> out = new ArrayList<>();
        int from = 0;
        long bytes = 0;
        for (int i = 0; i < items.size(); i++) {
            // the indicator, its field tag and its length prefix
            int size = items.get(i).indicator().getSerializedSize() + 6;
            if (i > from && (i - from == batchSize || bytes + size > MAX_BATCH_BYTES)) {
                out.add(items.subList(from, i));
                from = i;
                bytes = 0;
            }
            bytes += size;
        }
        if (from < items.size()) {
            out.add(items.subList(from, items.size()));
        }
        return out;
    }

    static void store(
            NationalServiceGrpc.NationalServiceStub stub,
            String caseId,
            List<ValidItem> segment,
            int batchSize,
            ImportOutcome outcome) {
        List<ValidItem> pending = segment;
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            List<List<ValidItem>> batches = batches(pending, batchSize);
            IndicatorUpload upload = new IndicatorUpload(stub, 10);
            for (List<ValidItem> batch : batches) {
                AddIndicatorsRequest.Builder request =
                        AddIndicatorsRequest.newBuilder().setCaseId(caseId);
                batch.forEach(v -> request.addIndicators(v.indicator()));
                if (!upload.send(request.build())) {
                    break; // the node already ended the stream: its answer says where
                }
            }
            try {
                AddIndicatorsResponse r = upload.finish(10);
                outcome.stored(r.getStored(), r.getCreated());
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StatusRuntimeException sre)
                        || sre.getStatus().getCode() != Status.Code.INVALID_ARGUMENT
                        || attempt >= MAX_RESUMES) {
                    throw new Failure(e.getCause(), pending.size());
                }
                List<ValidItem> rest = resume(sre, batches, outcome);
                if (rest == null) {
                    throw new Failure(sre, pending.size());
                }
                pending = rest;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(e, pending.size());
            } catch (TimeoutException e) {
                throw new Failure(e, pending.size());
            }
        }
    }

    /**
     * After a refused batch: batches before it were stored (counted), its refused positions are reported, and
     * what remains of it and every later batch is returned to send again. Null if the error names no position.
     */
    private static List<ValidItem> resume(
            StatusRuntimeException e, List<List<ValidItem>> batches, ImportOutcome outcome) {
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        int refusedBatch = -1;
        Set<Integer> refusedIndexes = new HashSet<>();
        if (details != null) {
            for (Any any : details.getDetailsList()) {
                if (!any.is(BadRequest.class)) {
                    continue;
                }
                try {
                    for (BadRequest.FieldViolation v :
                            any.unpack(BadRequest.class).getFieldViolationsList()) {
                        Matcher m = POSITION.matcher(v.getField());
                        if (m.matches()) {
                            refusedBatch = Integer.parseInt(m.group(1));
                            int index = Integer.parseInt(m.group(2));
                            if (refusedIndexes.add(index)) {
                                ImportItem item =
                                        batches.get(refusedBatch).get(index).item();
                                outcome.refuse(new Refusal(
                                        item.position,
                                        item.sourceType,
                                        item.raw,
                                        "refused by the node" + m.group(3) + ": " + v.getDescription()));
                            }
                        }
                    }
                } catch (InvalidProtocolBufferException ignored) {
                    // no positions: reported as a failure by the caller
                }
            }
        }
        if (refusedBatch < 0) {
            return null;
        }
        int storedBefore = 0;
        for (int b = 0; b < refusedBatch; b++) {
            storedBefore += batches.get(b).size();
        }
        // The error says how many were stored, not how many of them were new.
        outcome.stored(storedBefore, 0);
        List<ValidItem> rest = new ArrayList<>();
        List<ValidItem> refused = batches.get(refusedBatch);
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
}
