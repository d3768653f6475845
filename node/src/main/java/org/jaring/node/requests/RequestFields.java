package org.jaring.node.requests;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import java.util.List;
import org.jaring.core.failure.Violations;
import org.jaring.core.text.TextRules;
import org.jaring.core.trust.NodeId;
import org.jaring.v1.ChangeStateRequest;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.CooperationRequest;
import org.jaring.v1.Hit;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Offence;
import org.jaring.v1.RefusalGround;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Transition;

/**
 * The format and cap of every field of a cooperation request and its transitions (docs/requests.md, "Field
 * limits"). The peer path checks a whole message before it looks anything up or stores it, so a peer's
 * request_id never becomes a key and its text never reaches a log, a command or the CLI unless it meets these
 * rules; the national path applies the same caps to an officer's input, so a node never sends what its peers
 * would refuse. Messages name the field and never repeat its text.
 */
final class RequestFields {
    /** Encoded size of one DeliverRequest or DeliverTransition message. */
    static final int MAX_MESSAGE_BYTES = 256 * 1024;
    /** Names: issuing_authority, analyst, actor, the contact point's fields. */
    static final int NAME = 200;
    /** References: file numbers, case handles. */
    static final int REFERENCE = 100;
    /** Free text: summary_of_facts, data_sought, emergency_justification, a transition's note. */
    static final int TEXT = 10_000;
    /** The text an officer releases. */
    static final int ANSWER = 100_000;
    /** offences, case_handles, hits, contact languages. */
    static final int LIST = 100;
    /** Transitions delivered with a new request (a sender has one: SENT). */
    static final int NEW_REQUEST_TRANSITIONS = 16;
    /** Highest transition sequence a request may reach. */
    static final long MAX_SEQUENCE = 10_000;

    static final int INDICATOR_VALUE = 2048;

    private RequestFields() {}

    /** An officer's new request: the fields they write (the node sets the rest). */
    static void checkCreate(CooperationRequest r, Violations v) {
        text("request.", r, v);
    }

    /** A change of state asked by an officer. */
    static void checkChange(ChangeStateRequest c, Violations v) {
        TextRules.uuid("request_id", c.getRequestId(), v);
        TextRules.block("note", c.getNote(), TEXT, v);
        TextRules.block("answer", c.getAnswer(), ANSWER, v);
        TextRules.line("requested_file_number", c.getRequestedFileNumber(), REFERENCE, v);
        if (c.getRefusalGround() == RefusalGround.UNRECOGNIZED) {
            v.add("refusal_ground", "unknown refusal ground " + c.getRefusalGroundValue());
        }
    }

    /** A request as another node delivers it: every field. */
    static void checkEnvelope(String p, CooperationRequest r, Violations v) {
        TextRules.uuid(p + "request_id", r.getRequestId(), v);
        nodeId(p + "requesting_node", r.getRequestingNode(), v);
        nodeId(p + "requested_node", r.getRequestedNode(), v);
        if (r.getType() == RequestType.REQUEST_TYPE_UNSPECIFIED || r.getType() == RequestType.UNRECOGNIZED) {
            v.add(p + "type", "missing or unknown request type " + r.getTypeValue());
        }
        if (r.getLegalBasis() == LegalBasis.LEGAL_BASIS_UNSPECIFIED || r.getLegalBasis() == LegalBasis.UNRECOGNIZED) {
            v.add(p + "legal_basis", "missing or unknown legal basis " + r.getLegalBasisValue());
        }
        text(p, r, v);
        contact(p + "contact_point.", r.getContactPoint(), v);
        TextRules.line(p + "analyst", r.getAnalyst(), NAME, v);
        time(p + "created_at", r.hasCreatedAt(), r.getCreatedAt(), true, v);
        time(p + "deadline", r.hasDeadline(), r.getDeadline(), true, v);
    }

    /** One transition as another node sends it. */
    static void checkTransition(String p, Transition t, Violations v) {
        TextRules.uuid(p + "request_id", t.getRequestId(), v);
        if (t.getSequence() < 1 || t.getSequence() > MAX_SEQUENCE) {
            v.add(p + "sequence", "must be from 1 to " + MAX_SEQUENCE);
        }
        state(p + "from_state", t.getFromState(), v);
        state(p + "to_state", t.getToState(), v);
        TextRules.line(p + "actor", t.getActor(), NAME, v);
        nodeId(p + "actor_node", t.getActorNode(), v);
        time(p + "time", t.hasTime(), t.getTime(), true, v);
        TextRules.block(p + "note", t.getNote(), TEXT, v);
        if (t.getRefusalGround() == RefusalGround.UNRECOGNIZED) {
            v.add(p + "refusal_ground", "unknown refusal ground " + t.getRefusalGroundValue());
        }
        TextRules.block(p + "answer", t.getAnswer(), ANSWER, v);
        if (t.getPrevHash().size() != 32) {
            v.add(
                    p + "prev_hash",
                    "must be 32 bytes (SHA-256), not " + t.getPrevHash().size());
        }
        TextRules.line(p + "requested_file_number", t.getRequestedFileNumber(), REFERENCE, v);
        if (t.getSignature().isEmpty() || t.getSignature().size() > 1024) {
            v.add(p + "signature", "must be 1 to 1024 bytes");
        }
        if (!t.getSignerFingerprint().matches("[0-9a-f]{64}")) {
            v.add(p + "signer_fingerprint", "must be 64 lower-case hex digits (SHA-256)");
        }
        if (t.getSignerCertificate().isEmpty() || t.getSignerCertificate().size() > 16 * 1024) {
            v.add(p + "signer_certificate", "must be 1 to 16384 bytes of DER");
        }
        time(p + "preserved_until", t.hasPreservedUntil(), t.getPreservedUntil(), false, v);
    }

    static void size(String field, int bytes, Violations v) {
        if (bytes > MAX_MESSAGE_BYTES) {
            v.add(field, "message of " + bytes + " bytes is over the limit of " + MAX_MESSAGE_BYTES);
        }
    }

    /** The fields an officer writes, which the peer path checks as well. */
    private static void text(String p, CooperationRequest r, Violations v) {
        TextRules.line(p + "issuing_authority", r.getIssuingAuthority(), NAME, v);
        TextRules.line(p + "issuing_file_number", r.getIssuingFileNumber(), REFERENCE, v);
        TextRules.block(p + "summary_of_facts", r.getSummaryOfFacts(), TEXT, v);
        TextRules.block(p + "data_sought", r.getDataSought(), TEXT, v);
        TextRules.block(p + "emergency_justification", r.getEmergencyJustification(), TEXT, v);
        if (count(p + "offences", r.getOffencesCount(), v)) {
            for (int i = 0; i < r.getOffencesCount(); i++) {
                if (r.getOffences(i) == Offence.UNRECOGNIZED) {
                    v.add(p + "offences[" + i + "]", "unknown offence code " + r.getOffencesValue(i));
                }
            }
        }
        if (count(p + "case_handles", r.getCaseHandlesCount(), v)) {
            for (int i = 0; i < r.getCaseHandlesCount(); i++) {
                TextRules.line(p + "case_handles[" + i + "]", r.getCaseHandles(i), REFERENCE, v);
            }
        }
        if (count(p + "hits", r.getHitsCount(), v)) {
            for (int i = 0; i < r.getHitsCount(); i++) {
                hit(p + "hits[" + i + "].", r.getHits(i), v);
            }
        }
    }

    private static void hit(String p, Hit h, Violations v) {
        TextRules.line(p + "value", h.getValue(), INDICATOR_VALUE, v);
        TextRules.line(p + "origin_node", h.getOriginNode(), REFERENCE, v);
        TextRules.line(p + "case_handle", h.getCaseHandle(), REFERENCE, v);
        count(p + "offences", h.getOffencesCount(), v);
        contact(p + "contact.", h.getContact(), v);
    }

    private static void contact(String p, ContactPoint c, Violations v) {
        TextRules.line(p + "unit", c.getUnit(), NAME, v);
        TextRules.line(p + "phone", c.getPhone(), NAME, v);
        TextRules.line(p + "email", c.getEmail(), NAME, v);
        TextRules.line(p + "hours", c.getHours(), NAME, v);
        if (count(p + "languages", c.getLanguagesCount(), v)) {
            List<String> languages = c.getLanguagesList();
            for (int i = 0; i < languages.size(); i++) {
                TextRules.line(p + "languages[" + i + "]", languages.get(i), REFERENCE, v);
            }
        }
    }

    private static boolean count(String field, int n, Violations v) {
        if (n > LIST) {
            v.add(field, "more than " + LIST + " entries (" + n + ")");
            return false;
        }
        return true;
    }

    private static void nodeId(String field, String value, Violations v) {
        try {
            NodeId.of(value);
        } catch (IllegalArgumentException e) {
            v.add(field, "not a node ID: expected <CC>-<UNIT>, e.g. TH-CCIB");
        }
    }

    private static void state(String field, RequestState s, Violations v) {
        if (s == RequestState.REQUEST_STATE_UNSPECIFIED || s == RequestState.UNRECOGNIZED) {
            v.add(field, "missing or unknown request state");
        }
    }

    private static void time(String field, boolean present, Timestamp t, boolean required, Violations v) {
        if (!present) {
            if (required) {
                v.add(field, "missing");
            }
        } else if (!Timestamps.isValid(t)) {
            v.add(field, "not a valid time (years 1 to 9999, nanos below 10^9)");
        }
    }
}
