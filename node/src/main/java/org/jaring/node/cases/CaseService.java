package org.jaring.node.cases;

import com.google.protobuf.ByteString;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jaring.core.failure.LimitExceededException;
import org.jaring.core.failure.NotFoundException;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.indicator.Canonicalizer;
import org.jaring.core.trust.PeerIdentity;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.store.CaseTable;
import org.jaring.node.store.IndicatorTable;
import org.jaring.node.store.RocksStore;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.AddIndicatorsResponse;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetCaseResponse;
import org.jaring.v1.Hit;
import org.jaring.v1.Indicator;
import org.jaring.v1.ListCasesRequest;
import org.jaring.v1.ListCasesResponse;
import org.jaring.v1.LookupLocalRequest;
import org.jaring.v1.LookupLocalResponse;
import org.jaring.v1.LookupLocalResult;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.PutCaseResponse;
import org.jaring.v1.WithdrawIndicatorRequest;
import org.jaring.v1.WithdrawIndicatorResponse;

/** A state's own casework on its own node: cases, their indicators, local lookups, withdrawals. */
public final class CaseService {
    private static final int DEFAULT_CASES_PAGE = 1000;
    private static final int MAX_CASES_PAGE = 10_000;
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private final String nodeId;
    private final CaseTable cases;
    private final IndicatorTable indicators;
    private final Canonicalizer canonicalizer;
    private final int maxBatchValues;
    private final Enrichment enrichment;
    private final Clock clock;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    /**
     * What a local lookup adds beside the node's own records, and who hears of stored indicators: the
     * warninglists, the items peers synced, and correlation.
     */
    public record Enrichment(
            Function<CanonicalValue, Optional<String>> warninglist,
            Function<List<CanonicalValue>, List<List<Hit>>> synced,
            BiFunction<String, IndicatorTable.PendingPut, CompletableFuture<Void>> onStored) {
        /** No warninglist, nothing synced, nobody told: for a CaseService that only reads values (benchmarks). */
        public static final Enrichment NONE = new Enrichment(
                v -> Optional.empty(),
                values -> Collections.nCopies(values.size(), List.of()),
                (c, p) -> CompletableFuture.completedFuture(null));

        public Enrichment {
            Objects.requireNonNull(warninglist, "warninglist");
            Objects.requireNonNull(synced, "synced");
            Objects.requireNonNull(onStored, "onStored");
        }
    }

    public CaseService(
            String nodeId,
            CaseTable cases,
            IndicatorTable indicators,
            Canonicalizer canonicalizer,
            int maxBatchValues,
            Enrichment enrichment,
            AuditLog audit,
            Clock clock) {
        this.nodeId = nodeId;
        this.cases = cases;
        this.indicators = indicators;
        this.canonicalizer = canonicalizer;
        this.maxBatchValues = maxBatchValues;
        this.enrichment = Objects.requireNonNull(enrichment, "enrichment");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = clock;
    }

    /** The warninglist that holds the value, if any. */
    public Optional<String> warninglist(CanonicalValue value) {
        return enrichment.warninglist().apply(value);
    }

    /**
     * Creation and update are serialised so two writers cannot both create a case with two handles. Recorded
     * (CASE_CHANGE) with the caller's identity once stored, synced before the answer.
     */
    public synchronized PutCaseResponse putCase(PeerIdentity caller, PutCaseRequest request) {
        Objects.requireNonNull(caller, "caller");
        Case in = request.getCase();
        CaseRules.check(in);
        Timestamp now = now();
        Optional<Case> existing = cases.find(in.getCaseId());
        Case.Builder stored = in.toBuilder().setUpdatedAt(now);
        if (existing.isPresent()) {
            stored.setCaseHandle(existing.get().getCaseHandle())
                    .setCreatedAt(existing.get().getCreatedAt());
        } else {
            stored.setCaseHandle(newHandle()).setCreatedAt(now);
        }
        Case c = stored.build();
        cases.put(c, existing.isEmpty());
        if (existing.isPresent()
                && (!existing.get().getDefaultHandling().equals(c.getDefaultHandling())
                        || !existing.get().getOffencesList().equals(c.getOffencesList()))) {
            // Indicators inherit these: peers must see each of them again, or lose them.
            indicators.touchCase(c.getCaseId());
        }
        CaseAudit.record(
                audit,
                caller,
                c.getCaseId(),
                existing.isEmpty() ? "create case" : "update case",
                AuditLog.detail("handling", TextFormat.shortDebugString(c.getDefaultHandling())),
                AuditLog.detail(
                        "offences", c.getOffencesList().stream().map(Enum::name).collect(Collectors.joining(" "))));
        return PutCaseResponse.newBuilder()
                .setCase(c)
                .setCreated(existing.isEmpty())
                .build();
    }

    public GetCaseResponse getCase(GetCaseRequest request) {
        Violations v = new Violations();
        CaseRules.checkCaseId("case_id", request.getCaseId(), v);
        v.throwIfAny();
        Case c = requireCase(request.getCaseId());
        return GetCaseResponse.newBuilder()
                .setCase(c)
                .addAllIndicators(indicators.listCase(c.getCaseId(), clock.instant()))
                .build();
    }

    /**
     * A page of cases in ID order. One more than asked is read so the answer can say whether more follow without
     * a second call.
     */
    public ListCasesResponse listCases(ListCasesRequest request) {
        Violations v = new Violations();
        if (!request.getAfterCaseId().isEmpty()) {
            CaseRules.checkCaseId("after_case_id", request.getAfterCaseId(), v);
        }
        if (Integer.toUnsignedLong(request.getLimit()) > MAX_CASES_PAGE) {
            v.add(
                    "limit",
                    Integer.toUnsignedString(request.getLimit()) + " is above " + MAX_CASES_PAGE + "; ask for at most "
                            + MAX_CASES_PAGE + " and page with after_case_id");
        }
        v.throwIfAny();
        int limit = request.getLimit() == 0 ? DEFAULT_CASES_PAGE : request.getLimit();
        List<Case> page = cases.list(request.getAfterCaseId(), limit + 1);
        boolean more = page.size() > limit;
        return ListCasesResponse.newBuilder()
                .addAllCases(more ? page.subList(0, limit) : page)
                .setMore(more)
                .build();
    }

    /** Validates the whole batch first; stores all of it in one synced write, or nothing. */
    public AddIndicatorsResponse addIndicators(PeerIdentity caller, AddIndicatorsRequest request) {
        return RocksStore.awaitDurable(addIndicatorsPipelined(caller, request));
    }

    /**
     * As {@link #addIndicators}, for a stream of batches: validates and applies this batch now (a refusal is
     * thrown here, and nothing of the batch is stored), and returns the answer to send once the batch is on
     * disk. The caller can validate its next batch while this one's fsync runs; batches applied one after
     * another are applied in that order. The batch is recorded (CASE_CHANGE, with the caller's identity and every
     * value) in the write-ahead log before it is applied, so the sync that makes the batch durable covers its record.
     */
    public CompletableFuture<AddIndicatorsResponse> addIndicatorsPipelined(
            PeerIdentity caller, AddIndicatorsRequest request) {
        Objects.requireNonNull(caller, "caller");
        checkBatchSize("indicators", request.getIndicatorsCount());
        Violations v = new Violations();
        CaseRules.checkCaseId("case_id", request.getCaseId(), v);
        v.throwIfAny();
        requireCase(request.getCaseId());
        Timestamp now = now();
        List<Indicator> accepted = new ArrayList<>(request.getIndicatorsCount());
        for (int i = 0; i < request.getIndicatorsCount(); i++) {
            Indicator checked = IndicatorRules.check(
                    canonicalizer, "indicators[" + i + "]", request.getCaseId(), request.getIndicators(i), now, v);
            if (checked != null) {
                accepted.add(checked);
            }
        }
        v.throwIfAny();
        CaseAudit.recordWritten(audit, caller, request.getCaseId(), "add indicators", accepted);
        IndicatorTable.PendingPut pending = indicators.putAsync(request.getCaseId(), accepted, clock.instant());
        // Correlation uses what the write read anyway; it runs while the batch's fsync does, and its alerts
        // share that group commit: the batch is acknowledged with its alerts on disk.
        CompletableFuture<Void> alerts = enrichment.onStored().apply(request.getCaseId(), pending);
        AddIndicatorsResponse.Builder response = AddIndicatorsResponse.newBuilder()
                .setStored(pending.result().stored())
                .setCreated(pending.result().created());
        for (Indicator i : accepted) {
            response.addCanonicalValues(i.getValue());
        }
        AddIndicatorsResponse answer = response.build();
        return pending.durable().thenCombine(alerts, (durable, alerted) -> answer);
    }

    public LookupLocalResponse lookupLocal(LookupLocalRequest request) {
        List<CanonicalValue> values = canonicalQueries("queries", request.getQueriesList());
        List<List<Indicator>> found = indicators.lookup(values, clock.instant());
        List<List<Hit>> synced = enrichment.synced().apply(values);
        LookupLocalResponse.Builder response = LookupLocalResponse.newBuilder();
        for (int i = 0; i < values.size(); i++) {
            response.addResults(resultWithoutRecords(request, values, synced, i).addAllIndicators(found.get(i)));
        }
        return response.build();
    }

    /**
     * The answer of {@link #lookupLocal}, serialized for the wire with the stored records copied in as they are
     * stored ({@link LocalLookupWire}); it parses into the same message.
     */
    public byte[] lookupLocalSerialized(LookupLocalRequest request) {
        List<CanonicalValue> values = canonicalQueries("queries", request.getQueriesList());
        List<List<ByteString>> found = indicators.lookupStored(values, clock.instant());
        List<List<Hit>> synced = enrichment.synced().apply(values);
        List<LookupLocalResult> heads = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            heads.add(resultWithoutRecords(request, values, synced, i).build());
        }
        return LocalLookupWire.write(heads, found);
    }

    private LookupLocalResult.Builder resultWithoutRecords(
            LookupLocalRequest request, List<CanonicalValue> values, List<List<Hit>> synced, int i) {
        return LookupLocalResult.newBuilder()
                .setQuery(request.getQueries(i))
                .setType(values.get(i).type())
                .setCanonicalValue(values.get(i).value())
                .setWarninglist(enrichment.warninglist().apply(values.get(i)).orElse(""))
                .addAllSynced(synced.get(i));
    }

    /** Recorded (CASE_CHANGE) with the caller's identity once withdrawn, synced before the answer. */
    public WithdrawIndicatorResponse withdraw(PeerIdentity caller, WithdrawIndicatorRequest request) {
        Objects.requireNonNull(caller, "caller");
        Violations v = new Violations();
        CaseRules.checkCaseId("case_id", request.getCaseId(), v);
        CanonicalValue value = IndicatorRules.canonical(
                canonicalizer, "", request.getType(), request.getTypeValue(), request.getValue(), v);
        v.throwIfAny();
        requireCase(request.getCaseId());
        if (!indicators.withdraw(request.getCaseId(), value)) {
            throw new NotFoundException("case " + request.getCaseId() + " holds no " + value.value()
                    + " of that type; nothing was withdrawn");
        }
        CaseAudit.record(
                audit,
                caller,
                request.getCaseId(),
                "withdraw indicator",
                AuditLog.detail("values", value.type().name() + " " + value.value()));
        return WithdrawIndicatorResponse.newBuilder()
                .setCanonicalValue(value.value())
                .build();
    }

    /**
     * Makes every query canonical; refuses the whole batch, naming each bad position, if any cannot be.
     * Shared by the local and the federated lookups so both read values the same way.
     */
    public List<CanonicalValue> canonicalQueries(String field, List<LookupQuery> queries) {
        checkBatchSize(field, queries.size());
        Violations v = new Violations();
        if (queries.isEmpty()) {
            v.add(field, "empty; give at least one value to look up");
        }
        List<CanonicalValue> values = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            LookupQuery q = queries.get(i);
            values.add(IndicatorRules.canonicalAt(
                    canonicalizer, field, i, q.getType(), q.getTypeValue(), q.getValue(), v));
        }
        v.throwIfAny();
        return values;
    }

    public Optional<Case> findCase(String caseId) {
        return cases.find(caseId);
    }

    private Case requireCase(String caseId) {
        return cases.find(caseId)
                .orElseThrow(() -> new NotFoundException(
                        "case '" + caseId + "' does not exist on this node; create it with PutCase first"));
    }

    private void checkBatchSize(String field, int count) {
        if (count > maxBatchValues) {
            throw new LimitExceededException(
                    field + ": " + count + " values in one request, above this node's limit of " + maxBatchValues
                            + " (limits.max_batch_values); split the batch");
        }
    }

    private Timestamp now() {
        return Timestamps.fromMillis(clock.millis());
    }

    /** Opaque and unguessable: it names the origin node for routing and reveals nothing of the case. */
    private String newHandle() {
        StringBuilder handle = new StringBuilder(nodeId).append(':');
        for (int i = 0; i < 20; i++) {
            handle.append(BASE32[random.nextInt(32)]);
        }
        return handle.toString();
    }
}
