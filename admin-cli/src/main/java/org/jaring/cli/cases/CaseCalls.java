package org.jaring.cli.cases;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import org.jaring.cli.Refused;
import org.jaring.cli.UserError;
import org.jaring.core.indicator.IndicatorTypeNames;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc.NationalServiceBlockingStub;

/** Reads the case commands share: a case that may not exist, an indicator of a case by any spelling. */
final class CaseCalls {
    private CaseCalls() {}

    static IndicatorType type(String name) {
        if (name == null) {
            return IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
        }
        try {
            return IndicatorTypeNames.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--type: " + e.getMessage());
        }
    }

    static Optional<GetCaseResponse> find(NationalServiceBlockingStub national, String caseId) {
        try {
            return Optional.of(national.getCase(
                    GetCaseRequest.newBuilder().setCaseId(caseId).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static GetCaseResponse require(NationalServiceBlockingStub national, String caseId) {
        return find(national, caseId)
                .orElseThrow(() -> new Refused("there is no case '" + caseId + "' on this node; 'jaring case list'"
                        + " shows your cases, 'jaring case create " + caseId + "' makes it"));
    }

    /**
     * The record of {@code value} in the case, found by the value's canonical form as the node writes it (so any
     * accepted spelling finds it).
     */
    static Indicator indicator(NationalServiceBlockingStub national, String caseId, IndicatorType type, String value) {
        LookupLocalResult result = national.lookupLocal(LookupLocalRequest.newBuilder()
                        .addQueries(LookupQuery.newBuilder().setType(type).setValue(value))
                        .build())
                .getResults(0);
        return result.getIndicatorsList().stream()
                .filter(i -> i.getCaseId().equals(caseId))
                .findFirst()
                .orElseThrow(() -> new Refused("case '" + caseId + "' holds no "
                        + IndicatorTypeNames.name(result.getType()) + " " + result.getCanonicalValue()
                        + "; 'jaring case show " + caseId + "' lists what it holds"));
    }
}
