package org.jaring.core.oprf;

import java.util.List;

/**
 * The server's answer to a batch: evaluatedElements[i] = skS * blindedElements[i], each SerializeElement (33 bytes),
 * and one DLEQ proof (c || s, 64 bytes) covering the whole batch.
 */
public record BlindEvaluation(List<byte[]> evaluatedElements, byte[] proof) {}
