package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Test vectors from BIP-173, BIP-350 and EIP-55, and round trips of the encoders the sample generator uses. */
class CodecsTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4",
                "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
                "bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y",
                "BC1SW50QGDZ25J",
                "bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs",
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
            })
    void decodesValidSegwitAddressesAndReencodesThem(String address) throws InvalidIndicatorException {
        Bech32.SegwitAddress decoded = Bech32.decodeSegwit(address);
        assertThat(Bech32.encodeSegwit(decoded.hrp(), decoded.witnessVersion(), decoded.program()))
                .isEqualTo(address.toLowerCase(Locale.ROOT));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", // v1 with a bech32 checksum (BIP-350)
                "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL", // v16 with a bech32 checksum
                "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", // v0 with a bech32m checksum
                "bc1gmk9yu", // empty data
                "bc1qr508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
            }) // one character changed
    void refusesInvalidSegwitAddresses(String address) {
        assertThatThrownBy(() -> Bech32.decodeSegwit(address)).isInstanceOf(InvalidIndicatorException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
            })
    void eip55ChecksumsMatchTheSpecification(String address) {
        assertThat(Eip55.checksum(address.substring(2))).isEqualTo(address);
    }

    @Test
    void base58CheckRoundTripsAndKeepsLeadingZeroBytes() throws InvalidIndicatorException {
        byte[] payload = HexFormat.of().parseHex("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18");
        String address = Base58Check.encode(payload);
        assertThat(address).isEqualTo("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
        assertThat(Base58Check.decode(address)).isEqualTo(payload);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "00",
                "0000",
                "000000000000000000000000000000000000000000",
                "00ff",
                "0000010203",
                "ff",
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "41e552f6487585c2b58bc2c9bb4492bc1f17132cd0"
            })
    void base58CheckDecodesWhatItEncodesWhateverTheLeadingZeroBytes(String hex) throws InvalidIndicatorException {
        byte[] payload = HexFormat.of().parseHex(hex);
        String address = Base58Check.encode(payload);
        assertThat(Base58Check.decode(address)).isEqualTo(payload);
        assertThat(address)
                .startsWith("1"
                        .repeat((int) hex.chars().takeWhile(c -> c == '0').count() / 2));
    }

    @Test
    void base58CheckNamesTheFirstCharacterOutsideTheAlphabetAndRefusesShortInput() {
        assertThatThrownBy(() -> Base58Check.decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNI"))
                .hasMessageContaining("'I' at position 34 is not Base58");
        assertThatThrownBy(() -> Base58Check.decode("1111")).hasMessageContaining("too short");
        assertThatThrownBy(() -> Base58Check.decode("")).hasMessageContaining("too short");
    }

    @Test
    void ibanTableCoversKnownCountriesAndCheckDigitsAreComputed() {
        assertThat(IbanCountries.all()).containsKeys("GB", "DE", "FR", "TL", "RU", "SA", "BR");
        assertThat(IbanCountries.of("GB").length()).isEqualTo(22);
        assertThat(IbanCountries.checkDigits("GB", "WEST12345698765432")).isEqualTo("82");
    }
}
