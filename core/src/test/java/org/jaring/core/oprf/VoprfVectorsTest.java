package org.jaring.core.oprf;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9497 appendix A.3 (P256-SHA256): A.3.2 VOPRF mode, the three vectors incl. the batch of two with one proof, end
 * to end through the public classes with the blinds and the proof random scalar fixed; and A.3.1 OPRF mode, which
 * checks DeriveKeyPair, HashToGroup, Blind and Finalize under the other context string.
 */
class VoprfVectorsTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] SEED = bytes("a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3");
    private static final byte[] KEY_INFO = bytes("74657374206b6579");

    /** One RFC vector: comma-separated lists for a batch, as the RFC prints them. */
    private record Vector(
            String input,
            String blind,
            String blindedElement,
            String evaluationElement,
            String proof,
            String proofRandomScalar,
            String output) {}

    /** RFC 9497 A.3.2, Test Vectors 1, 2 and 3 (batch size 2). */
    private static final List<Vector> VOPRF = List.of(
            new Vector(
                    "00",
                    "3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364",
                    "02dd05901038bb31a6fae01828fd8d0e49e35a486b5c5d4b4994013648c01277da",
                    "0209f33cab60cf8fe69239b0afbcfcd261af4c1c5632624f2e9ba29b90ae83e4a2",
                    "e7c2b3c5c954c035949f1f74e6bce2ed539a3be267d1481e9ddb178533df4c26"
                            + "64f69d065c604a4fd953e100b856ad83804eb3845189babfa5a702090d6fc5fa",
                    "f9db001266677f62c095021db018cd8cbb55941d4073698ce45c405d1348b7b1",
                    "0412e8f78b02c415ab3a288e228978376f99927767ff37c5718d420010a645a1"),
            new Vector(
                    "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
                    "3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364",
                    "03cd0f033e791c4d79dfa9c6ed750f2ac009ec46cd4195ca6fd3800d1e9b887dbd",
                    "030d2985865c693bf7af47ba4d3a3813176576383d19aff003ef7b0784a0d83cf1",
                    "2787d729c57e3d9512d3aa9e8708ad226bc48e0f1750b0767aaff73482c44b8d"
                            + "2873d74ec88aebd3504961acea16790a05c542d9fbff4fe269a77510db00abab",
                    "f9db001266677f62c095021db018cd8cbb55941d4073698ce45c405d1348b7b1",
                    "771e10dcd6bcd3664e23b8f2a710cfaaa8357747c4a8cbba03133967b5c24f18"),
            new Vector(
                    "00,5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
                    "3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364,"
                            + "f9db001266677f62c095021db018cd8cbb55941d4073698ce45c405d1348b7b1",
                    "02dd05901038bb31a6fae01828fd8d0e49e35a486b5c5d4b4994013648c01277da,"
                            + "03462e9ae64cae5b83ba98a6b360d942266389ac369b923eb3d557213b1922f8ab",
                    "0209f33cab60cf8fe69239b0afbcfcd261af4c1c5632624f2e9ba29b90ae83e4a2,"
                            + "02bb24f4d838414aef052a8f044a6771230ca69c0a5677540fff738dd31bb69771",
                    "bdcc351707d02a72ce49511c7db990566d29d6153ad6f8982fad2b435d6ce4d6"
                            + "0da1e6b3fa740811bde34dd4fe0aa1b5fe6600d0440c9ddee95ea7fad7a60cf2",
                    "350e8040f828bf6ceca27405420cdf3d63cb3aef005f40ba51943c8026877963",
                    "0412e8f78b02c415ab3a288e228978376f99927767ff37c5718d420010a645a1,"
                            + "771e10dcd6bcd3664e23b8f2a710cfaaa8357747c4a8cbba03133967b5c24f18"));

    /** RFC 9497 A.3.1 (OPRF mode), Test Vectors 1 and 2: no proof. */
    private static final List<Vector> OPRF = List.of(
            new Vector(
                    "00",
                    "3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364",
                    "03723a1e5c09b8b9c18d1dcbca29e8007e95f14f4732d9346d490ffc195110368d",
                    "030de02ffec47a1fd53efcdd1c6faf5bdc270912b8749e783c7ca75bb412958832",
                    "",
                    "",
                    "a0b34de5fa4c5b6da07e72af73cc507cceeb48981b97b7285fc375345fe495dd"),
            new Vector(
                    "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a",
                    "3338fa65ec36e0290022b48eb562889d89dbfa691d1cde91517fa222ed7ad364",
                    "03cc1df781f1c2240a64d1c297b3f3d16262ef5d4cf102734882675c26231b0838",
                    "03a0395fe3828f2476ffcd1f4fe540e5a8489322d398be3c4e5a869db7fcb7c52c",
                    "",
                    "",
                    "c748ca6dd327f0ce85f4ae3a8cd6d4d5390bbb804c9e12dcf94f853fece3dcce"));

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }

    private static List<byte[]> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",", -1))
                .map(VoprfVectorsTest::bytes)
                .toList();
    }

    private static List<String> hexList(List<byte[]> values) {
        return values.stream().map(HEX::formatHex).toList();
    }

    private static List<String> split(String commaSeparated) {
        return List.of(commaSeparated.split(",", -1));
    }

    private static List<BigInteger> scalars(String commaSeparated) {
        return split(commaSeparated).stream().map(h -> new BigInteger(h, 16)).toList();
    }

    @Test
    void voprfKeyIsDerivedAsInAppendixA32() {
        VoprfKeyPair key = Voprf.deriveKeyPair(SEED, KEY_INFO);
        assertThat(HEX.formatHex(key.encodedSecret()))
                .isEqualTo("ca5d94c8807817669a51b196c34c1b7f8442fde4334a7121ae4736364312fca6");
        assertThat(HEX.formatHex(key.publicKey()))
                .isEqualTo("03e17e70604bcabe198882c0a1f27a92441e774224ed9c702e51dd17038b102462");
    }

    @Test
    void voprfVectorsOfAppendixA32PassEndToEnd() {
        VoprfKeyPair key = Voprf.deriveKeyPair(SEED, KEY_INFO);
        VoprfServer server = new VoprfServer(key);
        VoprfClient client = new VoprfClient(key.publicKey());
        for (Vector v : VOPRF) {
            Blinded blinded = client.blind(list(v.input()), scalars(v.blind()));
            assertThat(hexList(blinded.blindedElements())).as("BlindedElement").isEqualTo(split(v.blindedElement()));

            BlindEvaluation evaluation =
                    server.blindEvaluate(blinded.blindedElements(), new BigInteger(v.proofRandomScalar(), 16));
            assertThat(hexList(evaluation.evaluatedElements()))
                    .as("EvaluationElement")
                    .isEqualTo(split(v.evaluationElement()));
            assertThat(HEX.formatHex(evaluation.proof())).as("Proof").isEqualTo(v.proof());

            List<byte[]> outputs = client.finalize(blinded, evaluation);
            assertThat(hexList(outputs)).as("Output").isEqualTo(split(v.output()));
            List<byte[]> direct = list(v.input()).stream().map(server::evaluate).toList();
            assertThat(hexList(direct)).as("Evaluate").isEqualTo(split(v.output()));
        }
    }

    /** The RFC's own proof bytes (not ours) verify on the client: checks VerifyProof independently of GenerateProof. */
    @Test
    void rfcProofsVerifyOnTheClient() {
        VoprfClient client = new VoprfClient(Voprf.deriveKeyPair(SEED, KEY_INFO).publicKey());
        for (Vector v : VOPRF) {
            Blinded blinded = client.blind(list(v.input()), scalars(v.blind()));
            BlindEvaluation rfc = new BlindEvaluation(list(v.evaluationElement()), bytes(v.proof()));
            assertThat(hexList(client.finalize(blinded, rfc))).isEqualTo(split(v.output()));
        }
    }

    @Test
    void oprfModeVectorsOfAppendixA31() {
        BigInteger sk = Suite.OPRF.deriveSecret(SEED, KEY_INFO);
        assertThat(HEX.formatHex(P256.serializeScalar(sk)))
                .isEqualTo("159749d750713afe245d2d39ccfaae8381c53ce92d098a9375ee70739c7ac0bf");
        VoprfKeyPair key = new VoprfKeyPair(sk);
        VoprfServer server = new VoprfServer(key, Suite.OPRF);
        VoprfClient client = new VoprfClient(key.publicKey(), Suite.OPRF);
        for (Vector v : OPRF) {
            Blinded blinded = client.blind(list(v.input()), scalars(v.blind()));
            assertThat(hexList(blinded.blindedElements())).isEqualTo(split(v.blindedElement()));
            byte[] evaluated = P256.serializeElement(
                    P256.deserializeElement(blinded.blindedElements().get(0), "blinded")
                            .multiply(sk)
                            .normalize());
            assertThat(HEX.formatHex(evaluated)).isEqualTo(v.evaluationElement());
            assertThat(hexList(client.finalizeWithoutProof(blinded, List.of(evaluated))))
                    .isEqualTo(split(v.output()));
            assertThat(HEX.formatHex(server.evaluate(bytes(v.input())))).isEqualTo(v.output());
        }
    }
}
