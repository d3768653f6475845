package org.jaring.core.indicator;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Crypto-currency addresses as CHAIN:ADDRESS, checksum-verified where the chain has a checksum.
 *
 * <p>Two addresses are re-keyed by their format rather than the chain named with them, because the same key
 * controls the same address on every chain of its family and a wallet seen on one must match on the others:
 * any 0x EVM address is ETH (so "BSC:0x.." and "USDT:0x.." match "ETH:0x.."), and a valid TRON address is TRX
 * (so "USDT:T.." matches). Bitcoin forks (BCH, BSV, BTG) keep their own chain: their legacy addresses look like
 * Bitcoin's but are different ledgers.
 *
 * <p>A bare "3..." address is read as Bitcoin P2SH; Litecoin's old P2SH addresses share the version byte and need
 * the "LTC:" prefix.
 *
 * <p>Chains outside the alias table (NEO, ZIL, Waves, and every chain launched after this code): any
 * {@code CHAIN:address} is accepted where CHAIN is 2 to 10 letters or digits (upper-cased) and the address 16 to
 * 128 ASCII letters and digits, kept as given (Base58 and most address formats are case-sensitive). Checksums are
 * verified for the chains we can check (BTC, LTC, DOGE, TRX, EVM); an EVM-shaped address (0x and 40 hex digits, as
 * VeChain's) is ETH whatever chain is named. Without type, such a value is detected as a wallet when its prefix is
 * not an indicator type, hash or URI scheme name ({@link #NOT_CHAINS}).
 *
 * <p>EIP-681 payment URIs ({@code ethereum:[pay-]0xTARGET[@chainId][/function][?params]}) are read as the account
 * the victim's money goes to: the target, or for an ERC-20 {@code /transfer} the {@code address} parameter (the
 * target is then the token contract, such as USDT's, which is no indicator).
 */
final class Wallets {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("BTC", "BTC"),
            Map.entry("XBT", "BTC"),
            Map.entry("BITCOIN", "BTC"),
            Map.entry("ETH", "ETH"),
            Map.entry("ETHEREUM", "ETH"),
            Map.entry("ETHER", "ETH"),
            Map.entry("TRX", "TRX"),
            Map.entry("TRON", "TRX"),
            Map.entry("LTC", "LTC"),
            Map.entry("LITECOIN", "LTC"),
            Map.entry("DOGE", "DOGE"),
            Map.entry("DOGECOIN", "DOGE"),
            Map.entry("XMR", "XMR"),
            Map.entry("MONERO", "XMR"),
            Map.entry("BCH", "BCH"),
            Map.entry("BITCOINCASH", "BCH"),
            Map.entry("ZEC", "ZEC"),
            Map.entry("ZCASH", "ZEC"),
            Map.entry("XRP", "XRP"),
            Map.entry("RIPPLE", "XRP"),
            Map.entry("XLM", "XLM"),
            Map.entry("STELLAR", "XLM"),
            Map.entry("SOL", "SOL"),
            Map.entry("SOLANA", "SOL"),
            Map.entry("DASH", "DASH"),
            Map.entry("ADA", "ADA"),
            Map.entry("DOT", "DOT"),
            Map.entry("TON", "TON"),
            Map.entry("BSV", "BSV"),
            Map.entry("BTG", "BTG"),
            Map.entry("XVG", "XVG"),
            Map.entry("ETC", "ETC"),
            Map.entry("BSC", "BSC"),
            Map.entry("BNB", "BNB"),
            Map.entry("ARB", "ARB"),
            Map.entry("MATIC", "MATIC"),
            Map.entry("POLYGON", "MATIC"),
            Map.entry("AVAX", "AVAX"),
            Map.entry("USDT", "USDT"),
            Map.entry("USDC", "USDC"));
    private static final Pattern EVM = Pattern.compile("0[xX][0-9a-fA-F]{40}");
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern GENERIC_CHAIN = Pattern.compile("[A-Z0-9]{2,10}");
    private static final Pattern GENERIC_ADDRESS = Pattern.compile("[A-Za-z0-9]{16,128}");
    private static final Pattern MONERO = Pattern.compile("[48][A-Za-z0-9]{94}([A-Za-z0-9]{11})?");

    private Wallets() {}

    /** Prefixes that name something other than a chain, so "sha256:..." is never detected as a wallet. */
    private static final Set<String> NOT_CHAINS = Set.of(
            "IPV4",
            "IPV6",
            "IP",
            "CIDR",
            "DOMAIN",
            "HOST",
            "HOSTNAME",
            "URL",
            "URI",
            "EMAIL",
            "MAIL",
            "MAILTO",
            "PHONE",
            "TEL",
            "SMS",
            "IBAN",
            "BANK",
            "ACCOUNT",
            "WALLET",
            "MD5",
            "SHA1",
            "SHA224",
            "SHA256",
            "SHA384",
            "SHA512",
            "SHA3",
            "SSDEEP",
            "TLSH",
            "IMPHASH",
            "HASH",
            "FILE",
            "FILENAME",
            "HANDLE",
            "HTTP",
            "HTTPS",
            "FTP",
            "DATA",
            "JAVASCRIPT",
            "URN",
            "CVE",
            "ASN",
            "AS",
            "PORT",
            "USER",
            "NAME",
            "ID",
            "TOKEN",
            "KEY");

    private static final Pattern GENERIC_PREFIXED = Pattern.compile("([A-Za-z][A-Za-z0-9]{1,9}):([A-Za-z0-9]{16,128})");

    /**
     * For detection: a chain name or URI scheme we know, then ':'; or any other chain symbol that names no
     * indicator type, hash or scheme, followed by an address of the generic shape.
     */
    static boolean hasKnownChainPrefix(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return false;
        }
        String name = s.substring(0, colon).toUpperCase(Locale.ROOT);
        if (ALIASES.containsKey(name)) {
            return true;
        }
        return colon <= 10
                && !NOT_CHAINS.contains(name)
                && GENERIC_PREFIXED.matcher(s).matches();
    }

    /** For detection: the shape of a bare address of a chain we recognise without a prefix. */
    static boolean looksLikeBareAddress(String s) {
        return bareChain(s) != null;
    }

    static String canonical(String raw) throws InvalidIndicatorException {
        int colon = raw.indexOf(':');
        if (colon < 0) {
            String chain = bareChain(raw);
            if (chain == null) {
                throw new InvalidIndicatorException(
                        "not a recognised wallet address: write it as CHAIN:address, e.g. XMR:4...");
            }
            return withChain(chain, raw);
        }
        String name = raw.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        String address = "ETHEREUM".equals(name)
                ? eip681Recipient(raw.substring(colon + 1).strip())
                : stripUriParameters(raw.substring(colon + 1).strip());
        String chain = ALIASES.getOrDefault(name, name);
        if (!GENERIC_CHAIN.matcher(chain).matches()) {
            throw new InvalidIndicatorException("not a wallet: chain '" + raw.substring(0, colon)
                    + "' must be 2 to 10 letters or digits, e.g. BTC, ETH, XMR");
        }
        return withChain(chain, address);
    }

    private static String withChain(String chain, String address) throws InvalidIndicatorException {
        if (EVM.matcher(address).matches()) {
            return "ETH:" + evm(address);
        }
        return switch (chain) {
            case "BTC" -> "BTC:" + bitcoinLike(address, "Bitcoin", "bc", 0x00, 0x05);
            case "LTC" -> "LTC:" + bitcoinLike(address, "Litecoin", "ltc", 0x30, 0x32, 0x05);
            case "DOGE" -> "DOGE:" + bitcoinLike(address, "Dogecoin", null, 0x1e, 0x16);
            case "TRX" -> "TRX:" + tron(address);
            case "ETH" ->
                throw new InvalidIndicatorException("not an Ethereum address: expected 0x followed by 40 hex digits");
            default -> isValidTron(address) ? "TRX:" + address : chain + ":" + generic(address);
        };
    }

    private static String bareChain(String s) {
        if (EVM.matcher(s).matches()) {
            return "ETH";
        }
        // Alphanumeric rather than Base58 here, so that a mistyped 0, O, I or l is reported by the decoder; and
        // first, so that bc1.duckdns.org, which starts like a Bitcoin address, is left to the domain rules.
        if (!ALPHANUMERIC.matcher(s).matches()) {
            return null;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("bc1") && s.length() >= 14) {
            return "BTC";
        }
        if (lower.startsWith("ltc1") && s.length() >= 15) {
            return "LTC";
        }
        char first = s.charAt(0);
        if ((first == '1' || first == '3') && s.length() >= 26 && s.length() <= 35) {
            return "BTC";
        }
        if (s.length() == 34 && first == 'T') {
            return "TRX";
        }
        if (s.length() == 34 && (first == 'L' || first == 'M')) {
            return "LTC";
        }
        if (s.length() == 34 && first == 'D') {
            return "DOGE";
        }
        if (MONERO.matcher(s).matches()) {
            return "XMR";
        }
        return null;
    }

    /** EIP-681: the account paid, the transfer's recipient for an ERC-20 transfer, else the target. */
    private static String eip681Recipient(String s) {
        String rest = s.regionMatches(true, 0, "pay-", 0, 4) ? s.substring(4) : s;
        String target = stripUriParameters(rest);
        String after = rest.substring(target.length());
        int query = after.indexOf('?');
        if (query >= 0 && after.substring(0, query).endsWith("/transfer")) {
            for (String parameter : after.substring(query + 1).split("&", -1)) {
                if (parameter.startsWith("address=")) {
                    return parameter.substring("address=".length());
                }
            }
        }
        return target;
    }

    /** BIP-21 and EIP-681 URIs carry an amount, a chain id or a function after the address; none of it is the key. */
    private static String stripUriParameters(String s) {
        int end = s.length();
        for (char c : new char[] {'?', '@', '/'}) {
            int i = s.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        return s.substring(0, end);
    }

    private static String evm(String address) throws InvalidIndicatorException {
        String hex = address.substring(2);
        boolean mixed = !hex.equals(hex.toLowerCase(Locale.ROOT)) && !hex.equals(hex.toUpperCase(Locale.ROOT));
        String checksummed = Eip55.checksum(hex);
        // Mixed case IS the EIP-55 checksum; single-case addresses carry none and are accepted as written.
        if (mixed && !checksummed.substring(2).equals(hex)) {
            throw new InvalidIndicatorException(
                    "not an Ethereum address: the EIP-55 checksum (its mixed case) does not "
                            + "match, so a character is probably mistyped; the correctly checksummed spelling would differ");
        }
        return checksummed;
    }

    private static String bitcoinLike(String address, String chainName, String segwitHrp, int... versions)
            throws InvalidIndicatorException {
        if (segwitHrp != null && address.toLowerCase(Locale.ROOT).startsWith(segwitHrp + "1")) {
            Bech32.SegwitAddress segwit = decodeSegwit(address, chainName);
            if (!segwit.hrp().equals(segwitHrp)) {
                throw new InvalidIndicatorException(
                        "not a " + chainName + " address: prefix '" + segwit.hrp() + "' is not '" + segwitHrp + "'");
            }
            return address.toLowerCase(Locale.ROOT);
        }
        byte[] payload = decodeBase58(address, chainName);
        int version = payload[0] & 0xff;
        boolean known = false;
        for (int v : versions) {
            known |= v == version;
        }
        if (!known || payload.length != 21) {
            throw new InvalidIndicatorException("not a " + chainName + " address: version byte 0x"
                    + String.format(Locale.ROOT, "%02x", version) + " with " + (payload.length - 1)
                    + " bytes of hash is not a " + chainName + " mainnet address");
        }
        return address;
    }

    private static String tron(String address) throws InvalidIndicatorException {
        byte[] payload = decodeBase58(address, "TRON");
        if (payload.length != 21 || (payload[0] & 0xff) != 0x41) {
            throw new InvalidIndicatorException("not a TRON address: it must start with T (version byte 0x41)");
        }
        return address;
    }

    private static boolean isValidTron(String address) {
        // Every TRON address (version byte 0x41, 25 bytes with the checksum) is 34 digits starting with T. Checking
        // that first spares other chains' addresses, such as Monero's 95 digits, a Base58 decode and two exceptions.
        if (address.length() != 34 || address.charAt(0) != 'T') {
            return false;
        }
        try {
            tron(address);
            return true;
        } catch (InvalidIndicatorException e) {
            return false;
        }
    }

    private static String generic(String address) throws InvalidIndicatorException {
        if (!GENERIC_ADDRESS.matcher(address).matches()) {
            throw new InvalidIndicatorException(
                    "not a wallet address: expected 16 to 128 letters and digits after the chain name");
        }
        return address;
    }

    private static byte[] decodeBase58(String address, String chainName) throws InvalidIndicatorException {
        try {
            return Base58Check.decode(address);
        } catch (InvalidIndicatorException e) {
            throw new InvalidIndicatorException("not a " + chainName + " address: " + e.getMessage());
        }
    }

    private static Bech32.SegwitAddress decodeSegwit(String address, String chainName)
            throws InvalidIndicatorException {
        try {
            return Bech32.decodeSegwit(address);
        } catch (InvalidIndicatorException e) {
            throw new InvalidIndicatorException("not a " + chainName + " address: " + e.getMessage());
        }
    }
}
