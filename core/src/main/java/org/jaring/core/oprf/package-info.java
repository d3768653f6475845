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
 *       composites as one multi-scalar multiplication.
 * </ul>
 *
 * <p>Elements travel as SEC1 compressed points (33 bytes), scalars as 32 bytes big-endian, proofs as c || s. Every
 * element from a peer is refused unless it is a compressed, on-curve, non-identity point; a refusal is an
 * {@link org.jaring.core.oprf.OprfException} naming the element by index. An empty batch is refused; a batch holds
 * at most 65535 elements (the two-byte composite index), callers set their own lower limits.
 *
 * <p>Checked against RFC 9497 appendix A.3 (P256-SHA256, OPRF and VOPRF modes) and RFC 9380 appendices J.1.1 and
 * K.1/K.2. Timing: scalar multiplications use BouncyCastle's multipliers (a fixed-point comb for the generator);
 * this package adds no branch on a secret scalar, but the SWU map and BouncyCastle's variable-base wNAF are not
 * constant time, so the code assumes local timing is not observable by a peer.
 */
package org.jaring.core.oprf;
