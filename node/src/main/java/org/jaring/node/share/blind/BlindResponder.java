package org.jaring.node.share.blind;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.Timestamps;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jaring.core.failure.InvalidInputException;
import org.jaring.core.failure.NotOfferedException;
import org.jaring.core.failure.Violations;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.core.oprf.BlindEvaluation;
import org.jaring.core.oprf.OprfException;
import org.jaring.core.oprf.Voprf;
import org.jaring.node.audit.AuditHooks;
import org.jaring.node.audit.AuditLog;
import org.jaring.node.share.Asker;
import org.jaring.node.share.PeerLookupResponder;
import org.jaring.node.share.PurposeRules;
import org.jaring.node.signing.AnswerSigner;
import org.jaring.v1.BlindEvaluateRequest;
import org.jaring.v1.BlindEvaluateResponse;
import org.jaring.v1.BlindLookupRequest;

/**
 * Answers the two steps of a peer's blind lookup (docs/blind-lookup.md). Step 1 evaluates blinded elements with the
 * epoch's key (one for every asker) after counting them against the asker's own daily budget, and records counts
 * only. Step 2 resolves tags through the epoch's tag index and answers the matched values through {@link PeerLookupResponder}, the plain lookup's own
 * path: the same policy check, signature, disclosure record and audit.
 */
public final class BlindResponder {
    private final boolean enabled;
    private final BlindKeys keys;
    private final BlindBudget budget;
    private final TagIndex index;
    private final PeerLookupResponder lookups;
    private final AuditLog audit;
    private final AnswerSigner signer;
    private final SecureRandom random = new SecureRandom();

    public BlindResponder(
            boolean enabled,
            BlindKeys keys,
            BlindBudget budget,
            TagIndex index,
            PeerLookupResponder lookups,
            AuditLog audit,
            AnswerSigner signer) {
        this.enabled = enabled;
        this.keys = Objects.requireNonNull(keys, "keys");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.index = Objects.requireNonNull(index, "index");
        this.lookups = Objects.requireNonNull(lookups, "lookups");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Step 1: the signed evaluation of {@code request}, bound to {@code requestHash}. */
    public byte[] evaluate(Asker asker, BlindEvaluateRequest request, byte[] requestHash) {
        offered();
        Violations v = new Violations();
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
        checkElements(request.getBlindedElementsList(), v);
        v.throwIfAny();
        List<byte[]> elements = new ArrayList<>(request.getBlindedElementsCount());
        for (ByteString e : request.getBlindedElementsList()) {
            elements.add(e.toByteArray());
        }
        // The field caps cost the peer nothing; the budget is spent before any work is done for it, so a peer over
        // budget costs this node no scalar multiplication (an element off the curve still spends its count).
        // No budget is spent while the index cannot answer: UNAVAILABLE, naming the build's progress.
        long epoch = index.evaluationEpoch();
        long before = budget.spend(asker.nodeId(), elements.size());
        BlindKeys.Key key = keys.key(epoch);
        BlindEvaluation evaluation;
        try {
            evaluation = key.server().blindEvaluate(elements, random);
        } catch (OprfException e) {
            throw new InvalidInputException("blinded_elements", e.getMessage());
        }
        AuditHooks.blindEvaluated(
                audit,
                asker.nodeId(),
                request.getRequestId(),
                request.getPurpose(),
                elements.size(),
                epoch,
                before + elements.size());
        BlindEvaluateResponse.Builder response = BlindEvaluateResponse.newBuilder()
                .setProof(ByteString.copyFrom(evaluation.proof()))
                .setPublicKey(ByteString.copyFrom(key.server().publicKey()))
                .setKeyEpoch(epoch)
                .setKeyValidUntil(Timestamps.fromMillis(key.validUntil().toEpochMilli()));
        for (byte[] e : evaluation.evaluatedElements()) {
            response.addEvaluatedElements(ByteString.copyFrom(e));
        }
        return signer.signEvaluation(requestHash, response);
    }

    /** Step 2: the signed answer to {@code request}, as a plain lookup's, query_index being the tag's position. */
    public byte[] lookup(Asker asker, BlindLookupRequest request, byte[] requestHash) {
        offered();
        Violations v = new Violations();
        PurposeRules.check("purpose", request.hasPurpose(), request.getPurpose(), v);
        PurposeRules.checkRequestId("request_id", request.getRequestId(), v);
        checkTags(request.getTagsList(), v);
        if (!keys.accepts(request.getKeyEpoch())) {
            v.add(
                    "key_epoch",
                    request.getKeyEpoch() + " is not a current key epoch of this node (now " + keys.currentEpoch()
                            + "); evaluate again and send the tags with the epoch answered");
        }
        v.throwIfAny();
        List<byte[]> tags = new ArrayList<>(request.getTagsCount());
        for (ByteString t : request.getTagsList()) {
            tags.add(t.toByteArray());
        }
        // One index for every asker: a matched value this asker may not see is dropped by the answer path's own
        // policy check (PeerLookupResponder), so its answer is the same as no match.
        List<CanonicalValue> resolved = index.resolve(request.getKeyEpoch(), tags);
        List<CanonicalValue> matched = new ArrayList<>();
        int[] positions = new int[tags.size()];
        for (int t = 0; t < resolved.size(); t++) {
            if (resolved.get(t) != null) {
                positions[matched.size()] = t;
                matched.add(resolved.get(t));
            }
        }
        return lookups.answerBlind(
                asker,
                request.getPurpose(),
                request.getRequestId(),
                tags.size(),
                matched,
                Arrays.copyOf(positions, matched.size()),
                requestHash);
    }

    private void offered() {
        if (!enabled) {
            throw new NotOfferedException(
                    "this node does not answer blind lookups (blind.enabled: false); ask in plain mode");
        }
    }

    /** Field caps, also applied by the peer boundary before feature code runs (boundary.PeerMethods). */
    public static void checkElements(List<ByteString> elements, Violations v) {
        if (elements.isEmpty()) {
            v.add("blinded_elements", "empty; send at least one element");
        }
        for (int i = 0; i < elements.size(); i++) {
            if (elements.get(i).size() != Voprf.ELEMENT_LENGTH) {
                v.add(
                        "blinded_elements[" + i + "]",
                        elements.get(i).size() + " bytes; an element is " + Voprf.ELEMENT_LENGTH
                                + " (SEC1 compressed P-256 point)");
            }
        }
    }

    public static void checkTags(List<ByteString> tags, Violations v) {
        if (tags.isEmpty()) {
            v.add("tags", "empty; send at least one tag");
        }
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i).size() != BlindTags.TAG_LENGTH) {
                v.add("tags[" + i + "]", tags.get(i).size() + " bytes; a tag is " + BlindTags.TAG_LENGTH);
            }
        }
    }
}
