package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_BANK_ACCOUNT;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_CIDR;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_DOMAIN;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_EMAIL;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_HANDLE;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_IBAN;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_IPV4;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_IPV6;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_MD5;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_PHONE;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_SHA1;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_SHA256;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_SHA512;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_UNSPECIFIED;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_URL;
import static org.jaring.v1.IndicatorType.INDICATOR_TYPE_WALLET;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalizerTest {
    private static final Canonicalizer TH = new Canonicalizer("TH");

    /** type asked, raw input, expected type, expected canonical value. */
    static Stream<Arguments> accepted() {
        return Stream.of(
                // IPv4: zero-padded octets are decimal, never octal.
                arguments(INDICATOR_TYPE_IPV4, "010.1.1.1", INDICATOR_TYPE_IPV4, "10.1.1.1"),
                arguments(INDICATOR_TYPE_IPV4, "  192.168.001.020 ", INDICATOR_TYPE_IPV4, "192.168.1.20"),
                arguments(INDICATOR_TYPE_IPV4, "8.8.8.8", INDICATOR_TYPE_IPV4, "8.8.8.8"),
                arguments(INDICATOR_TYPE_IPV4, "185[.]220[.]101[.]1", INDICATOR_TYPE_IPV4, "185.220.101.1"),
                arguments(INDICATOR_TYPE_IPV4, "0.0.0.0", INDICATOR_TYPE_IPV4, "0.0.0.0"),
                arguments(INDICATOR_TYPE_IPV4, "255.255.255.255", INDICATOR_TYPE_IPV4, "255.255.255.255"),
                arguments(INDICATOR_TYPE_IPV4, "::ffff:1.2.3.4", INDICATOR_TYPE_IPV4, "1.2.3.4"),
                // IPv6: RFC 5952.
                arguments(INDICATOR_TYPE_IPV6, "::ffff:1.2.3.4", INDICATOR_TYPE_IPV4, "1.2.3.4"),
                arguments(INDICATOR_TYPE_IPV6, "::FFFF:C000:0280", INDICATOR_TYPE_IPV4, "192.0.2.128"),
                arguments(INDICATOR_TYPE_IPV6, "2001:0DB8:0000::0001", INDICATOR_TYPE_IPV6, "2001:db8::1"),
                arguments(
                        INDICATOR_TYPE_IPV6,
                        "2001:0470:000b:00a5:0000:0000:0000:beef",
                        INDICATOR_TYPE_IPV6,
                        "2001:470:b:a5::beef"),
                arguments(INDICATOR_TYPE_IPV6, "[2a0b:f4c2::40]", INDICATOR_TYPE_IPV6, "2a0b:f4c2::40"),
                arguments(INDICATOR_TYPE_IPV6, "2001:db8:0:1:1:1:1:1", INDICATOR_TYPE_IPV6, "2001:db8:0:1:1:1:1:1"),
                arguments(INDICATOR_TYPE_IPV6, "2001:db8:0:0:1:0:0:1", INDICATOR_TYPE_IPV6, "2001:db8::1:0:0:1"),
                arguments(INDICATOR_TYPE_IPV6, "2001:0:0:1:0:0:0:1", INDICATOR_TYPE_IPV6, "2001:0:0:1::1"),
                arguments(INDICATOR_TYPE_IPV6, "::", INDICATOR_TYPE_IPV6, "::"),
                arguments(INDICATOR_TYPE_IPV6, "::1", INDICATOR_TYPE_IPV6, "::1"),
                arguments(INDICATOR_TYPE_IPV6, "fe80::", INDICATOR_TYPE_IPV6, "fe80::"),
                arguments(INDICATOR_TYPE_IPV6, "64:ff9b::192.0.2.33", INDICATOR_TYPE_IPV6, "64:ff9b::c000:221"),
                // CIDR: /32 stays a range.
                arguments(INDICATOR_TYPE_CIDR, "192.0.2.0/24", INDICATOR_TYPE_CIDR, "192.0.2.0/24"),
                arguments(INDICATOR_TYPE_CIDR, "192.000.002.000/24", INDICATOR_TYPE_CIDR, "192.0.2.0/24"),
                arguments(INDICATOR_TYPE_CIDR, "1.2.3.4/32", INDICATOR_TYPE_CIDR, "1.2.3.4/32"),
                arguments(INDICATOR_TYPE_CIDR, "0.0.0.0/0", INDICATOR_TYPE_CIDR, "0.0.0.0/0"),
                arguments(INDICATOR_TYPE_CIDR, "2001:DB8::/32", INDICATOR_TYPE_CIDR, "2001:db8::/32"),
                arguments(INDICATOR_TYPE_CIDR, "2001:db8:0:0:0:0:0:0/48", INDICATOR_TYPE_CIDR, "2001:db8::/48"),
                arguments(INDICATOR_TYPE_CIDR, "::ffff:10.0.0.0/104", INDICATOR_TYPE_CIDR, "10.0.0.0/8"),
                // Domains.
                arguments(INDICATOR_TYPE_DOMAIN, "ExAmple.COM.", INDICATOR_TYPE_DOMAIN, "example.com"),
                arguments(INDICATOR_TYPE_DOMAIN, "bücher.de", INDICATOR_TYPE_DOMAIN, "xn--bcher-kva.de"),
                arguments(INDICATOR_TYPE_DOMAIN, "BÜCHER.de", INDICATOR_TYPE_DOMAIN, "xn--bcher-kva.de"),
                arguments(INDICATOR_TYPE_DOMAIN, "xn--bcher-kva.de", INDICATOR_TYPE_DOMAIN, "xn--bcher-kva.de"),
                arguments(
                        INDICATOR_TYPE_DOMAIN, "ตัวอย่าง.ไทย", INDICATOR_TYPE_DOMAIN, "xn--72c1a1bt4awk9o.xn--o3cw4h"),
                arguments(INDICATOR_TYPE_DOMAIN, "xn--edger-0ec.com", INDICATOR_TYPE_DOMAIN, "xn--edger-0ec.com"),
                arguments(INDICATOR_TYPE_DOMAIN, "\u0234edger.com", INDICATOR_TYPE_DOMAIN, "xn--edger-0ec.com"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil[.]com", INDICATOR_TYPE_DOMAIN, "evil.com"),
                arguments(
                        INDICATOR_TYPE_DOMAIN,
                        "login(.)paypal-secure[dot]co.th",
                        INDICATOR_TYPE_DOMAIN,
                        "login.paypal-secure.co.th"),
                arguments(INDICATOR_TYPE_DOMAIN, "my_site.example.com", INDICATOR_TYPE_DOMAIN, "my_site.example.com"),
                arguments(INDICATOR_TYPE_DOMAIN, "metamask-io.web.app", INDICATOR_TYPE_DOMAIN, "metamask-io.web.app"),
                arguments(INDICATOR_TYPE_DOMAIN, "123.example.com", INDICATOR_TYPE_DOMAIN, "123.example.com"),
                // URLs.
                arguments(INDICATOR_TYPE_URL, "hxxps://evil[.]com:443/a", INDICATOR_TYPE_URL, "https://evil.com/a"),
                arguments(INDICATOR_TYPE_URL, "HTTP://Evil.COM", INDICATOR_TYPE_URL, "http://evil.com/"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "http://evil.com:80/x?A=B#frag",
                        INDICATOR_TYPE_URL,
                        "http://evil.com/x?A=B"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "http://evil.com:8080/Login.PHP",
                        INDICATOR_TYPE_URL,
                        "http://evil.com:8080/Login.PHP"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "hxxp[:]//bad[.]co[.]th/wp-admin/x.php",
                        INDICATOR_TYPE_URL,
                        "http://bad.co.th/wp-admin/x.php"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "hxxps://bombay.com[.ar/Error404.html",
                        INDICATOR_TYPE_URL,
                        "https://bombay.com.ar/Error404.html"),
                arguments(INDICATOR_TYPE_URL, "https[://]bad.example/", INDICATOR_TYPE_URL, "https://bad.example/"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "fxp://files.evil.net/drop.exe",
                        INDICATOR_TYPE_URL,
                        "ftp://files.evil.net/drop.exe"),
                arguments(INDICATOR_TYPE_URL, "evil.com/x", INDICATOR_TYPE_URL, "http://evil.com/x"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "http://1.2.3.4:8080/bins/mirai.arm",
                        INDICATOR_TYPE_URL,
                        "http://1.2.3.4:8080/bins/mirai.arm"),
                arguments(INDICATOR_TYPE_URL, "http://[2001:DB8::1]:80/", INDICATOR_TYPE_URL, "http://[2001:db8::1]/"),
                arguments(
                        INDICATOR_TYPE_URL,
                        "https://paypal.com@bücher.de/%7Euser?q=%2F",
                        INDICATOR_TYPE_URL,
                        "https://paypal.com@xn--bcher-kva.de/~user?q=%2F"),
                arguments(INDICATOR_TYPE_URL, "https://evil.com?x=1", INDICATOR_TYPE_URL, "https://evil.com/?x=1"),
                // E-mail: local part as given.
                arguments(INDICATOR_TYPE_EMAIL, "Alice@EXAMPLE.com", INDICATOR_TYPE_EMAIL, "Alice@example.com"),
                arguments(INDICATOR_TYPE_EMAIL, "scammer[@]evil[.]com", INDICATOR_TYPE_EMAIL, "scammer@evil.com"),
                arguments(INDICATOR_TYPE_EMAIL, "scammer[at]evil.com", INDICATOR_TYPE_EMAIL, "scammer@evil.com"),
                arguments(
                        INDICATOR_TYPE_EMAIL,
                        "mailto:x.y+tag@bücher.de",
                        INDICATOR_TYPE_EMAIL,
                        "x.y+tag@xn--bcher-kva.de"),
                // Phones, region TH.
                arguments(INDICATOR_TYPE_PHONE, "+66 81 234 5678", INDICATOR_TYPE_PHONE, "+66812345678"),
                arguments(INDICATOR_TYPE_PHONE, "081-234-5678", INDICATOR_TYPE_PHONE, "+66812345678"),
                arguments(INDICATOR_TYPE_PHONE, "(02) 123 4567", INDICATOR_TYPE_PHONE, "+6621234567"),
                arguments(INDICATOR_TYPE_PHONE, "+60 12-345 6789", INDICATOR_TYPE_PHONE, "+60123456789"),
                arguments(INDICATOR_TYPE_PHONE, "+65 8123 4567", INDICATOR_TYPE_PHONE, "+6581234567"),
                arguments(INDICATOR_TYPE_PHONE, "tel:+84-91-234-5678", INDICATOR_TYPE_PHONE, "+84912345678"),
                arguments(INDICATOR_TYPE_PHONE, "001 66 81 234 5678", INDICATOR_TYPE_PHONE, "+66812345678"),
                // IBAN.
                arguments(
                        INDICATOR_TYPE_IBAN,
                        "GB82 WEST 1234 5698 7654 32",
                        INDICATOR_TYPE_IBAN,
                        "GB82WEST12345698765432"),
                arguments(INDICATOR_TYPE_IBAN, "gb82west12345698765432", INDICATOR_TYPE_IBAN, "GB82WEST12345698765432"),
                arguments(
                        INDICATOR_TYPE_IBAN,
                        "IBAN DE89 3704 0044 0532 0130 00",
                        INDICATOR_TYPE_IBAN,
                        "DE89370400440532013000"),
                arguments(
                        INDICATOR_TYPE_IBAN,
                        "FR14 2004 1010 0505 0001 3M02 606",
                        INDICATOR_TYPE_IBAN,
                        "FR1420041010050500013M02606"),
                arguments(INDICATOR_TYPE_IBAN, "NO9386011117947", INDICATOR_TYPE_IBAN, "NO9386011117947"),
                arguments(
                        INDICATOR_TYPE_IBAN,
                        "TL38 0080 0123 4567 8910 157",
                        INDICATOR_TYPE_IBAN,
                        "TL380080012345678910157"),
                // Other bank accounts.
                arguments(
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "th:004:123-4-56789-0",
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "TH:004:1234567890"),
                arguments(
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "MY : MBBEMYKL : 5140 1234 5678",
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "MY:MBBEMYKL:514012345678"),
                arguments(
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "VN:vcb:0011-0012-34567",
                        INDICATOR_TYPE_BANK_ACCOUNT,
                        "VN:VCB:0011001234567"),
                // Wallets.
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
                        INDICATOR_TYPE_WALLET,
                        "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                        INDICATOR_TYPE_WALLET,
                        "BTC:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                        INDICATOR_TYPE_WALLET,
                        "BTC:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ",
                        INDICATOR_TYPE_WALLET,
                        "BTC:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297",
                        INDICATOR_TYPE_WALLET,
                        "BTC:bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.5&label=x",
                        INDICATOR_TYPE_WALLET,
                        "BTC:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "xbt:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                        INDICATOR_TYPE_WALLET,
                        "BTC:3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "0x52908400098527886E0F7030069857D2E4169EE7",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0x52908400098527886E0F7030069857D2E4169EE7"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "0xde709f2102306220921060314715629080e2fb77",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0xde709f2102306220921060314715629080e2fb77"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "0XFB6916095CA1DF60BB79CE92CE3EA74C37C5D359",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "BSC:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=1e18",
                        INDICATOR_TYPE_WALLET,
                        "ETH:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8",
                        INDICATOR_TYPE_WALLET,
                        "TRX:TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "USDT:TJRabPrwbZy45sbavfcjinPJC18kjpRTv8",
                        INDICATOR_TYPE_WALLET,
                        "TRX:TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "ltc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5dyg36p",
                        INDICATOR_TYPE_WALLET,
                        "LTC:ltc1qqypqxpq9qcrsszg2pvxq6rs0zqg3yyc5dyg36p"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "LTC:LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz",
                        INDICATOR_TYPE_WALLET,
                        "LTC:LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L",
                        INDICATOR_TYPE_WALLET,
                        "DOGE:DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "xmr:888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H",
                        INDICATOR_TYPE_WALLET,
                        "XMR:888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "xrp:rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY",
                        INDICATOR_TYPE_WALLET,
                        "XRP:rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY"),
                // Hashes.
                arguments(
                        INDICATOR_TYPE_SHA256,
                        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                        INDICATOR_TYPE_SHA256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                arguments(
                        INDICATOR_TYPE_MD5,
                        "d41d8cd98f00b204e9800998ecf8427e",
                        INDICATOR_TYPE_MD5,
                        "d41d8cd98f00b204e9800998ecf8427e"),
                arguments(
                        INDICATOR_TYPE_SHA1,
                        "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709",
                        INDICATOR_TYPE_SHA1,
                        "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
                arguments(
                        INDICATOR_TYPE_SHA512,
                        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e",
                        INDICATOR_TYPE_SHA512,
                        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                                + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"),
                // Handles.
                arguments(
                        INDICATOR_TYPE_HANDLE,
                        "Telegram:@Scam_Support",
                        INDICATOR_TYPE_HANDLE,
                        "telegram:scam_support"),
                arguments(INDICATOR_TYPE_HANDLE, "tg:scam_support", INDICATOR_TYPE_HANDLE, "telegram:scam_support"),
                arguments(INDICATOR_TYPE_HANDLE, "twitter:@ElonGiveaway", INDICATOR_TYPE_HANDLE, "x:elongiveaway"),
                arguments(INDICATOR_TYPE_HANDLE, "LINE:thai.invest99", INDICATOR_TYPE_HANDLE, "line:thai.invest99"),
                arguments(
                        INDICATOR_TYPE_HANDLE, "whatsapp:081-234-5678", INDICATOR_TYPE_HANDLE, "whatsapp:+66812345678"),
                arguments(INDICATOR_TYPE_HANDLE, "other:CaseKept", INDICATOR_TYPE_HANDLE, "other:CaseKept"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void acceptsAndCanonicalizes(IndicatorType type, String raw, IndicatorType expectedType, String expected)
            throws InvalidIndicatorException {
        assertThat(TH.canonicalize(type, raw)).isEqualTo(new CanonicalValue(expectedType, expected));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("accepted")
    void canonicalFormIsAFixedPoint(IndicatorType type, String raw, IndicatorType expectedType, String expected)
            throws InvalidIndicatorException {
        assertThat(TH.canonicalize(expectedType, expected)).isEqualTo(new CanonicalValue(expectedType, expected));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("accepted")
    void detectionAgreesWithExplicitType(IndicatorType type, String raw, IndicatorType expectedType, String expected)
            throws InvalidIndicatorException {
        // Handles and bank accounts need their prefix, which these cases have; a scheme-less URL is detected as a URL
        // only when it has a path, which every such case here has.
        assertThat(TH.canonicalize(INDICATOR_TYPE_UNSPECIFIED, raw))
                .isEqualTo(new CanonicalValue(expectedType, expected));
        assertThat(TH.canonicalize(INDICATOR_TYPE_UNSPECIFIED, expected))
                .isEqualTo(new CanonicalValue(expectedType, expected));
    }

    /** type asked, raw input, a fragment the reason must contain. */
    static Stream<Arguments> refused() {
        return Stream.of(
                arguments(INDICATOR_TYPE_IPV4, "1.2.3.256", "octet 4 is 256, above 255"),
                arguments(INDICATOR_TYPE_UNSPECIFIED, "1.2.3.256", "octet 4 is 256"),
                arguments(INDICATOR_TYPE_IPV4, "1.2.3", "found 3 parts"),
                arguments(INDICATOR_TYPE_IPV4, "0x7f.0.0.1", "not 1 to 3 decimal digits"),
                arguments(INDICATOR_TYPE_IPV4, "0001.2.3.4", "not 1 to 3 decimal digits"),
                arguments(INDICATOR_TYPE_IPV4, "2001:db8::1", "is an IPv6 address"),
                arguments(INDICATOR_TYPE_IPV6, "2001:db8::1::2", "'::' may appear only once"),
                arguments(INDICATOR_TYPE_IPV6, "2001:db8:1:2:3:4:5", "expected 8 groups"),
                arguments(INDICATOR_TYPE_IPV6, "2001:db8::12345", "not 1 to 4 hex digits"),
                arguments(INDICATOR_TYPE_IPV6, "fe80::1%eth0", "zone index"),
                arguments(INDICATOR_TYPE_IPV6, "example.com", "not an IPv6 address"),
                arguments(INDICATOR_TYPE_CIDR, "10.0.0.0/33", "above 32"),
                arguments(INDICATOR_TYPE_CIDR, "2001:db8::/129", "above 128"),
                arguments(INDICATOR_TYPE_CIDR, "10.0.0.0", "missing /prefix"),
                arguments(INDICATOR_TYPE_DOMAIN, "localhost", "single label"),
                arguments(INDICATOR_TYPE_DOMAIN, "-evil.com", "label '-evil'"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil..com", "empty label"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil_site.com", "underscore"),
                arguments(INDICATOR_TYPE_DOMAIN, "a".repeat(64) + ".com", "longer than 63"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil.c0m", "not a top-level domain of the root zone"),
                arguments(INDICATOR_TYPE_DOMAIN, "*.evil.com", "wildcard"),
                arguments(INDICATOR_TYPE_DOMAIN, "xn--zz.com", "not valid punycode"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil.com/path", "label"),
                arguments(INDICATOR_TYPE_URL, "http://evil.com:99999/", "port '99999'"),
                arguments(INDICATOR_TYPE_URL, "http:///path", "bad host"),
                arguments(INDICATOR_TYPE_URL, "http://evil.com/a b", "space"),
                arguments(INDICATOR_TYPE_URL, "http://localhost/", "bad host"),
                arguments(INDICATOR_TYPE_URL, "http://1.2.3.999/", "last part is too large"),
                arguments(INDICATOR_TYPE_URL, "http://x.com/" + "a".repeat(2100), "above the limit of 2048"),
                arguments(INDICATOR_TYPE_EMAIL, "no-at-sign.example.com", "no '@'"),
                arguments(INDICATOR_TYPE_EMAIL, "@example.com", "nothing before"),
                arguments(INDICATOR_TYPE_EMAIL, "a..b@example.com", "two dots"),
                arguments(INDICATOR_TYPE_EMAIL, "a b@example.com", "character U+0020"),
                arguments(INDICATOR_TYPE_EMAIL, "alice@localhost", "bad domain"),
                arguments(INDICATOR_TYPE_PHONE, "+66 81 234", "too short"),
                arguments(INDICATOR_TYPE_PHONE, "+66 81 234 5678 9999 99999", "too long"),
                arguments(INDICATOR_TYPE_PHONE, "1-800-FLOWERS", "only digits"),
                arguments(INDICATOR_TYPE_PHONE, "+999 1234 5678", "country calling code"),
                arguments(INDICATOR_TYPE_IBAN, "GB83 WEST 1234 5698 7654 32", "check digits 83 do not match"),
                arguments(
                        INDICATOR_TYPE_IBAN,
                        "GB82 WEST 1234 5698 7654 3",
                        "GB IBANs have 22 characters, this one has 21"),
                arguments(INDICATOR_TYPE_IBAN, "TH82 1234 5678 9012", "'TH' is not a country that issues IBANs"),
                arguments(INDICATOR_TYPE_IBAN, "GB82 1234 1234 5698 7654 32", "structure 4!a6!n8!n"),
                arguments(INDICATOR_TYPE_BANK_ACCOUNT, "TH 004 1234567890", "COUNTRY:BANKCODE:NUMBER"),
                arguments(INDICATOR_TYPE_BANK_ACCOUNT, "XX:004:1234567890", "not an ISO 3166-1"),
                arguments(INDICATOR_TYPE_BANK_ACCOUNT, "TH::1234567890", "bank code is empty"),
                arguments(INDICATOR_TYPE_BANK_ACCOUNT, "TH:004:1234/567", "only letters and digits"),
                arguments(INDICATOR_TYPE_WALLET, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum does not match"),
                arguments(INDICATOR_TYPE_UNSPECIFIED, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "checksum does not match"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0",
                        "'0' at position 34 is not Base58"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx",
                        "bech32 checksum does not match"),
                arguments(INDICATOR_TYPE_WALLET, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzWF5MDQ", "mixes upper and lower"),
                arguments(INDICATOR_TYPE_WALLET, "0x52908400098527886E0F7030069857D2E4169Ee7", "EIP-55 checksum"),
                arguments(INDICATOR_TYPE_UNSPECIFIED, "0x52908400098527886E0F7030069857D2E4169Ee7", "EIP-55 checksum"),
                arguments(INDICATOR_TYPE_WALLET, "TJRabPrwbZy45sbavfcjinPJC18kjpRTv9", "checksum does not match"),
                arguments(
                        INDICATOR_TYPE_WALLET,
                        "BTC:LaMT348PWRnrqeeWArpwQPbuanpXDZGEUz",
                        "not a Bitcoin mainnet address"),
                arguments(INDICATOR_TYPE_WALLET, "ETH:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "0x followed by 40 hex"),
                arguments(INDICATOR_TYPE_WALLET, "XMR:short", "16 to 128"),
                arguments(INDICATOR_TYPE_WALLET, "somethingunknown", "CHAIN:address"),
                arguments(
                        INDICATOR_TYPE_SHA256,
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85",
                        "expected 64 hex digits, found 63"),
                arguments(INDICATOR_TYPE_SHA256, "d41d8cd98f00b204e9800998ecf8427e", "that length is md5"),
                arguments(INDICATOR_TYPE_MD5, "d41d8cd98f00b204e9800998ecf8427g", "'g' at position 32"),
                arguments(INDICATOR_TYPE_HANDLE, "myspace:tom", "unknown platform 'myspace'"),
                arguments(INDICATOR_TYPE_HANDLE, "scam_support", "platform:name"),
                arguments(INDICATOR_TYPE_HANDLE, "telegram:@", "empty"),
                arguments(INDICATOR_TYPE_HANDLE, "telegram:two words", "no spaces"),
                arguments(INDICATOR_TYPE_DOMAIN, "   ", "empty"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil\u200b.com", "U+200B"),
                arguments(INDICATOR_TYPE_DOMAIN, "evil\u0000.com", "U+0000"),
                arguments(INDICATOR_TYPE_UNSPECIFIED, "just some words", "give its type"),
                arguments(INDICATOR_TYPE_UNSPECIFIED, "scam_support", "give its type"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refused")
    void refusesWithReason(IndicatorType type, String raw, String reason) {
        assertThatThrownBy(() -> TH.canonicalize(type, raw))
                .isInstanceOf(InvalidIndicatorException.class)
                .hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getStackTrace()).isEmpty());
    }

    @Test
    void nullValueIsRefused() {
        assertThatThrownBy(() -> TH.canonicalize(INDICATOR_TYPE_DOMAIN, null)).hasMessageContaining("missing");
    }

    @Test
    void nationalPhoneNumbersFollowTheNodeRegion() throws InvalidIndicatorException {
        assertThat(new Canonicalizer("MY")
                        .canonicalize(INDICATOR_TYPE_PHONE, "012-345 6789")
                        .value())
                .isEqualTo("+60123456789");
        assertThat(new Canonicalizer("SG")
                        .canonicalize(INDICATOR_TYPE_PHONE, "8123 4567")
                        .value())
                .isEqualTo("+6581234567");
    }

    @Test
    void regionMustBeAnIsoCountry() {
        assertThatThrownBy(() -> new Canonicalizer("XX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ISO 3166-1");
        assertThatThrownBy(() -> new Canonicalizer("th")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Canonicalizer(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void detectsTypesWithoutPrefix() throws InvalidIndicatorException {
        assertThat(TH.detect("TH:004:1234567890")).isEqualTo(INDICATOR_TYPE_BANK_ACCOUNT);
        assertThat(TH.detect("telegram:someone")).isEqualTo(INDICATOR_TYPE_HANDLE);
        assertThat(TH.detect("da39a3ee5e6b4b0d3255bfef95601890afd80709")).isEqualTo(INDICATOR_TYPE_SHA1);
        assertThat(TH.detect("GB82WEST12345698765432")).isEqualTo(INDICATOR_TYPE_IBAN);
        assertThat(TH.detect("GB83WEST12345698765432")).isEqualTo(INDICATOR_TYPE_IBAN);
        assertThat(TH.detect("evil.com")).isEqualTo(INDICATOR_TYPE_DOMAIN);
        assertThat(TH.detect("DE:123:456")).isEqualTo(INDICATOR_TYPE_BANK_ACCOUNT);
    }
}
