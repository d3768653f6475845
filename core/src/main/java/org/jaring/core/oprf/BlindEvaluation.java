package org.jaring.core.oprf;

import java.util.List;

/** TEMPORARY stand-in until h-oprf lands. */
public record BlindEvaluation(List<byte[]> evaluatedElements, byte[] proof) {}
