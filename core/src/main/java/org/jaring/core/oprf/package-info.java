/**
 * Blind lookups' cryptographic core: RFC 9497 (Oblivious Pseudorandom Functions) in VOPRF mode (0x01), ciphersuite
 * P256-SHA256 (section 4.3), on BouncyCastle's secp256r1 arithmetic.
 *
 * <ul>
 *   <li>{@link org.jaring.core.oprf.Voprf}: constants of the suite, DeriveKeyPair (section 3.2.1) and key generation.
 *   <li>{@link org.jaring.core.oprf.VoprfClient}: Blind and Finalize (section 3.3.2), verifying the batched DLEQ proof
 *       (section 2.2) against the server's published key before unblinding.
 *   <li>{@link org.jaring.core.oprf.VoprfServer}: BlindEvaluateBatch with one proof for the batch (sections 2.2.1,
 *       3.3.2) and Evaluate (section 3.3.2), which gives the same 32 bytes as the client's Finalize.
 *   <li>{@code HashToCurve}: RFC 9380 hash_to_curve for P256_XMD:SHA-256_SSWU_RO_ (section 8.2), i.e.
 *       expand_message_xmd SHA-256 (section 5.3.1), hash_to_field with L = 48 (section 5.2), simplified SWU with
 *       Z = -10 (section 6.6.2), cofactor 1; and HashToScalar (RFC 9497 section 4.3).
 *   <li>{@code Dleq}: GenerateProof with ComputeCompositesFast and VerifyProof with ComputeComposites (section 2.2),
 *       composites as one multi-scalar multiplication ({@code Msm}, public scalars only).
 * </ul>
 *
 * <p>Elements travel as SEC1 compressed points (33 bytes), scalars as 32 bytes big-endian, proofs as c || s. Every
 * element from a peer is refused unless it is a compressed, on-curve, non-identity point; a refusal is an
 * {@link org.jaring.core.oprf.OprfException} naming the element by index. An empty batch is refused; a batch holds
 * at most 65535 elements (the two-byte composite index), callers set their own lower limits.
 *
 * <p>Checked against RFC 9497 appendix A.3 (P256-SHA256, OPRF and VOPRF modes) and RFC 9380 appendices J.1.1 and
 * K.1/K.2.
 *
 * <p>Timing, by what a scalar is:
 *
 * <ul>
 *   <li><b>Secret scalars</b> (the holder's key k, its proof nonce r, the asker's blinds and their inverses) are
 *       multiplied only by BouncyCastle's own multipliers: the fixed-point comb for r*G, and {@code ECPoint.multiply}
 *       (wNAF) for k*C[i], k*M, r*M, blind*H(x) and blind^-1*D[i]. The comb is regular; the wNAF is not constant
 *       time, as before. This package adds no branch or table index on a secret.
 *   <li><b>Public scalars</b> (the composite weights d[i], the proof's c and s) go through variable-time code on
 *       purpose: {@code Msm} (interleaved wNAF or Pippenger's buckets, whose additions follow the scalars' bits),
 *       BouncyCastle's Shamir double multiplication for s*G + c*B and s*M + c*Z, and cached tables for G and for
 *       each server key. Everything they handle is on the wire or a public hash of it.
 *   <li>The SWU map (RFC 9380) branches on whether a candidate is square: it handles the asker's input, which the
 *       asker's own node computes; a peer never sees its timing.
 * </ul>
 *
 * <p>So the code assumes local timing is not observable by a peer, as before; nothing secret reached a
 * variable-time path that was not there before. {@code OprfCosts} times each step against the path it replaced.
 */
package org.jaring.core.oprf;
