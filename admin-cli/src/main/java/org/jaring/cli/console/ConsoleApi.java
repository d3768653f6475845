package org.jaring.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.Channel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jaring.core.vocab.Labels;
import org.jaring.core.vocab.LegalBases;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.v1.AdminServiceGrpc;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.CreateRequestRequest;
import org.jaring.v1.FederatedLookupRequest;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.GetRequestRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.ListAlertsRequest;
import org.jaring.v1.ListCasesRequest;
import org.jaring.v1.ListDisclosuresRequest;
import org.jaring.v1.ListRequestsRequest;
import org.jaring.v1.LookupMode;
import org.jaring.v1.LookupQuery;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PeersStatusRequest;
import org.jaring.v1.Purpose;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestServiceGrpc;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;

/**
 * The console's JSON API: each route is one call to the analyst's own node over mutual TLS with the analyst's
 * certificate, answered as the proto3 JSON form of the node's message (the schema of docs/cli-json.md). The node
 * decides what the analyst may do and checks every value; this class only carries requests across.
 */
final class ConsoleApi {
    private static final long DEADLINE_SECONDS = 60;

    private final Channel national;
    private final Supplier<Channel> admin;
    private final String nodeId;
    private final String defaultLanguage;
    private final long maxUploadBytes;

    ConsoleApi(Channel national, Supplier<Channel> admin, String nodeId, String defaultLanguage, long maxUploadBytes) {
        this.national = Objects.requireNonNull(national, "national");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.defaultLanguage = Objects.requireNonNull(defaultLanguage, "defaultLanguage");
        this.maxUploadBytes = maxUploadBytes;
    }

    /**
     * Loads the label files and the JSON printers before the first page asks, so that its first answers do not pay
     * for class loading and reflection (the page's first calls were the slowest).
     */
    void warm() {
        try {
            for (String l : Labels.LANGUAGES) {
                Http.JSON.writeValueAsString(Labels.of(l).tree());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the label files cannot be written as JSON", e);
        }
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("languages", List.of(Map.of("code", "en")));
        Http.JSON.valueToTree(session); // the session's shape: maps and lists, not a tree
        Http.proto(org.jaring.v1.FederatedLookupResponse.getDefaultInstance());
        Http.proto(org.jaring.v1.ListAlertsResponse.getDefaultInstance());
    }

    private NationalServiceGrpc.NationalServiceBlockingStub nationalStub() {
        return NationalServiceGrpc.newBlockingStub(national).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private RequestServiceGrpc.RequestServiceBlockingStub requestStub() {
        return RequestServiceGrpc.newBlockingStub(national).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    /** Answers a GET under /api/; false if no route matched. */
    boolean get(HttpExchange ex, String route, ConsoleGuard.Session session) throws IOException {
        Map<String, String> q = Http.query(ex);
        switch (route) {
            case "session" -> {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("csrf", session.csrf());
                s.put("node", nodeId);
                s.put("language", defaultLanguage);
                // the page refuses a larger file before sending it; the server refuses it again (413)
                s.put("maxUpload", maxUploadBytes);
                s.put("maxUploadText", ConsoleImports.size(maxUploadBytes));
                List<Map<String, String>> langs = new ArrayList<>();
                for (String l : Labels.LANGUAGES) {
                    Labels labels = Labels.of(l);
                    langs.add(Map.of("code", l, "name", labels.name(), "status", labels.status()));
                }
                s.put("languages", langs);
                Http.json(ex, 200, s);
            }
            case "labels" -> {
                try {
                    Http.json(
                            ex,
                            200,
                            Labels.of(q.getOrDefault("lang", defaultLanguage)).tree());
                } catch (IllegalArgumentException e) {
                    throw new Http.Failure(400, "lang: " + e.getMessage());
                }
            }
            case "alerts" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(nationalStub()
                                .listAlerts(ListAlertsRequest.newBuilder()
                                        .setLimit(100)
                                        .build())));
            case "requests" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(requestStub()
                                .listRequests(ListRequestsRequest.newBuilder()
                                        .setLimit(500)
                                        .build())));
            case "request" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(requestStub()
                                .getRequest(GetRequestRequest.newBuilder()
                                        .setRequestId(required(q, "id"))
                                        .build())));
            case "disclosures" -> {
                ListDisclosuresRequest.Builder b = ListDisclosuresRequest.newBuilder();
                String value = q.getOrDefault("value", "").strip();
                String caseId = q.getOrDefault("case", "").strip();
                if (!value.isEmpty()) {
                    b.setValue(LookupQuery.newBuilder().setValue(value));
                }
                b.setCaseId(caseId);
                Http.json(ex, 200, Http.proto(nationalStub().listDisclosures(b.build())));
            }
            case "region" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(AdminServiceGrpc.newBlockingStub(admin.get())
                                .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                                .peersStatus(PeersStatusRequest.getDefaultInstance())));
            case "cases" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(nationalStub()
                                .listCases(ListCasesRequest.newBuilder()
                                        .setAfterCaseId(q.getOrDefault("after", ""))
                                        .setLimit(1000)
                                        .build())));
            case "case" ->
                Http.json(
                        ex,
                        200,
                        Http.proto(nationalStub()
                                .getCase(GetCaseRequest.newBuilder()
                                        .setCaseId(required(q, "id"))
                                        .build())));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Answers a POST under /api/ (the guard has already checked its origin and CSRF token); false if unknown. */
    boolean post(HttpExchange ex, String route) throws IOException {
        switch (route) {
            case "lookup" -> Http.json(ex, 200, Http.proto(nationalStub().lookupFederated(lookup(Http.body(ex)))));
            case "requests" -> Http.json(ex, 200, Http.proto(requestStub().createRequest(newRequest(Http.body(ex)))));
            case "request-state" ->
                Http.json(ex, 200, Http.proto(requestStub().changeState(changeState(Http.body(ex)))));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Values one per line (or comma-separated), in any spelling: the node recognises and canonicalises each. */
    static FederatedLookupRequest lookup(JsonNode body) {
        FederatedLookupRequest.Builder b = FederatedLookupRequest.newBuilder();
        for (String line : Http.text(body, "values").split("[\\r\\n]+")) {
            String v = line.strip();
            if (!v.isEmpty()) {
                b.addQueries(LookupQuery.newBuilder().setValue(v));
            }
        }
        if (b.getQueriesCount() == 0) {
            throw new Http.Failure(400, "values: give at least one value");
        }
        b.setMode(mode(Http.optionalText(body, "mode")));
        b.setPurpose(Purpose.newBuilder()
                .setCaseReference(Http.text(body, "caseReference"))
                .setLegalBasis(legalBasis(body))
                .setNote(Http.optionalText(body, "note")));
        return b.build();
    }

    /** The Ask form's mode; empty leaves the node's configured default (blind.default_mode). */
    static LookupMode mode(String mode) {
        return switch (mode) {
            case "" -> LookupMode.LOOKUP_MODE_UNSPECIFIED;
            case "plain" -> LookupMode.LOOKUP_MODE_PLAIN;
            case "blind" -> LookupMode.LOOKUP_MODE_BLIND;
            case "blind-where-supported" -> LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED;
            default ->
                throw new Http.Failure(400, "mode: not a lookup mode; use plain, blind or blind-where-supported");
        };
    }

    static CreateRequestRequest newRequest(JsonNode body) {
        CooperationRequest.Builder r = CooperationRequest.newBuilder()
                .setRequestedNode(Http.text(body, "to"))
                .setType(enumValue(RequestType.class, "type", Http.text(body, "type")))
                .setLegalBasis(legalBasis(body))
                .setIssuingFileNumber(Http.optionalText(body, "fileNumber"))
                .setSummaryOfFacts(Http.text(body, "facts"))
                .setDataSought(Http.text(body, "dataSought"))
                .setConfidential(body.path("confidential").asBoolean(false));
        for (JsonNode o : body.path("offences")) {
            try {
                r.addOffences(OffenceCodes.parse(o.asText()));
            } catch (IllegalArgumentException e) {
                throw new Http.Failure(400, "offences: " + e.getMessage());
            }
        }
        for (JsonNode h : body.path("hits")) {
            Hit.Builder hit = Hit.newBuilder();
            try {
                JsonFormat.parser().merge(Http.JSON.writeValueAsString(h), hit);
            } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new Http.Failure(400, "hits: not a hit as the lookup returned it: " + e.getMessage());
            }
            r.addHits(hit);
            if (!hit.getCaseHandle().isEmpty() && !r.getCaseHandlesList().contains(hit.getCaseHandle())) {
                r.addCaseHandles(hit.getCaseHandle());
            }
        }
        return CreateRequestRequest.newBuilder().setRequest(r).build();
    }

    static ChangeStateRequest changeState(JsonNode body) {
        ChangeStateRequest.Builder b = ChangeStateRequest.newBuilder()
                .setRequestId(Http.text(body, "id"))
                .setToState(enumValue(RequestState.class, "toState", Http.text(body, "toState")))
                .setNote(Http.optionalText(body, "note"))
                .setAnswer(Http.optionalText(body, "answer"))
                .setRequestedFileNumber(Http.optionalText(body, "fileNumber"));
        String ground = Http.optionalText(body, "refusalGround");
        if (!ground.isEmpty()) {
            b.setRefusalGround(enumValue(RefusalGround.class, "refusalGround", ground));
        }
        return b.build();
    }

    private static org.jaring.v1.LegalBasis legalBasis(JsonNode body) {
        try {
            return LegalBases.parse(Http.text(body, "legalBasis"));
        } catch (IllegalArgumentException e) {
            throw new Http.Failure(400, "legalBasis: " + e.getMessage());
        }
    }

    /** An enum value by its wire name; the unspecified and unknown values are refused. */
    private static <E extends Enum<E>> E enumValue(Class<E> type, String field, String name) {
        try {
            E e = Enum.valueOf(type, name);
            if (!e.name().endsWith("UNSPECIFIED") && !e.name().equals("UNRECOGNIZED")) {
                return e;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new Http.Failure(400, field + ": '" + name + "' is not a value of " + type.getSimpleName());
    }

    private static String required(Map<String, String> q, String name) {
        String v = q.getOrDefault(name, "").strip();
        if (v.isEmpty()) {
            throw new Http.Failure(400, "the query parameter " + name + " is required");
        }
        return v;
    }
}
