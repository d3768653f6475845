package org.jaring.cli.lookup;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.v1.LookupQuery;

/**
 * The node refuses a whole lookup when one value cannot be made canonical, naming each position
 * ({@code queries[3].value}). An analyst with a list of 200 values wants the other 199 asked: this takes the refused
 * positions out, keeps each one's value and reason, and asks again with the rest.
 */
final class RefusedValues {
    private static final Pattern QUERY_FIELD = Pattern.compile("queries\\[(\\d+)\\]\\.(value|type)");

    /** A value the node would not ask, and why, in the node's words. */
    record Refusal(String value, String reason) {}

    private RefusedValues() {}

    /** What was asked (possibly fewer than given), what came back, and each value refused with its reason. */
    record Outcome<R>(List<LookupQuery> asked, R response, List<Refusal> refused) {}

    static <R> Outcome<R> ask(List<LookupQuery> queries, Function<List<LookupQuery>, R> call) {
        List<LookupQuery> remaining = new ArrayList<>(queries);
        List<Refusal> refused = new ArrayList<>();
        while (true) {
            try {
                return new Outcome<>(remaining, call.apply(remaining), refused);
            } catch (StatusRuntimeException e) {
                Map<Integer, String> bad = refusedPositions(e);
                if (bad.isEmpty()) {
                    throw e;
                }
                List<LookupQuery> next = new ArrayList<>();
                for (int i = 0; i < remaining.size(); i++) {
                    String reason = bad.get(i);
                    if (reason == null) {
                        next.add(remaining.get(i));
                    } else {
                        refused.add(new Refusal(remaining.get(i).getValue(), reason));
                    }
                }
                if (next.isEmpty() || next.size() == remaining.size()) {
                    return new Outcome<>(List.of(), null, refused);
                }
                remaining = next;
            }
        }
    }

    /**
     * Position to reason for every refused query, or empty if the refusal is about anything else (then the whole
     * request was wrong and the usual error applies).
     */
    private static Map<Integer, String> refusedPositions(StatusRuntimeException e) {
        Map<Integer, String> out = new LinkedHashMap<>();
        if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
            return out;
        }
        com.google.rpc.Status details = StatusProto.fromThrowable(e);
        if (details == null) {
            return out;
        }
        for (Any any : details.getDetailsList()) {
            if (!any.is(BadRequest.class)) {
                continue;
            }
            try {
                for (BadRequest.FieldViolation v : any.unpack(BadRequest.class).getFieldViolationsList()) {
                    Matcher m = QUERY_FIELD.matcher(v.getField());
                    if (!m.matches()) {
                        return Map.of();
                    }
                    out.merge(Integer.parseInt(m.group(1)), v.getDescription(), (a, b) -> a + "; " + b);
                }
            } catch (InvalidProtocolBufferException | NumberFormatException ignored) {
                return Map.of();
            }
        }
        return out;
    }
}
