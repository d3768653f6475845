package org.jaring.node.warninglist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jaring.core.indicator.CanonicalValue;
import org.jaring.v1.IndicatorType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarninglistTest {
    private static CanonicalValue v(IndicatorType type, String value) {
        return new CanonicalValue(type, value);
    }

    @Test
    void hostnamesMatchTheDomainAndEverySubdomainButNotLookAlikes() {
        Warninglist l = new Warninglist("common", "hostname", List.of("google.com", "*.example.org", ".co.th"));
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "google.com")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "mail.google.com")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "a.b.example.org")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "shop.co.th")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "notgoogle.com")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "google.com.evil.example")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "com"))).isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_URL, "https://docs.google.com:8443/x?y#z")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_URL, "https://user@evil.example/google.com")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_EMAIL, "someone@google.com")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_EMAIL, "google.com@evil.example")))
                .isFalse();
    }

    @Test
    void cidrRangesMatchIpv4AndIpv6AtTheirEdgesOnly() {
        Warninglist l = new Warninglist("reserved", "cidr", List.of("10.0.0.0/8", "192.168.1.7", "fc00::/7"));
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "10.0.0.0"))).isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "10.255.255.255")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "11.0.0.0"))).isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "9.255.255.255")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "192.168.1.7")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV4, "192.168.1.8")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV6, "fd12:3456::1")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_IPV6, "2001:db8::1")))
                .isFalse();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_CIDR, "10.1.0.0/16")))
                .isTrue();
        assertThat(l.matches(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "10.0.0.1.example")))
                .isFalse();
    }

    @Test
    void aFolderOfMispListsNamesTheListThatMatched(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dns.json"), """
                {"name": "Public DNS resolvers", "type": "string", "list": ["8.8.8.8", "1.1.1.1"]}
                """);
        Warninglists lists = Warninglists.load(dir);
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_IPV4, "8.8.8.8"))).contains("Public DNS resolvers");
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_IPV4, "8.8.4.4"))).isEmpty();
        assertThat(Warninglists.bundled().match(v(IndicatorType.INDICATOR_TYPE_IPV4, "192.168.0.1")))
                .isPresent();
    }

    @Test
    void aListAppliesOnlyToTheIndicatorTypesItsMatchingAttributesName(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hosts.json"), """
                {"name": "Domains only", "type": "hostname", "matching_attributes": ["domain", "hostname"],
                 "list": ["outlook.com"]}
                """);
        Files.writeString(dir.resolve("accounts.json"), """
                {"name": "Everywhere", "type": "hostname", "list": ["example.net"]}
                """);
        Files.writeString(dir.resolve("fuzzy.json"), """
                {"name": "Fuzzy hashes", "type": "string", "matching_attributes": ["ssdeep"], "list": ["telegram:x"]}
                """);
        Files.writeString(dir.resolve("all.json"), """
                {"name": "All types", "type": "string", "matching_attributes": ["ALL"], "list": ["telegram:y"]}
                """);
        Warninglists lists = Warninglists.load(dir);

        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "mail.outlook.com")))
                .contains("Domains only");
        // The same host in an account or a full URL identifies someone: a domain-only list leaves both alone.
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_EMAIL, "refund.desk@outlook.com")))
                .isEmpty();
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_URL, "https://outlook.com/owa/phish")))
                .isEmpty();
        // No matching_attributes: every type, as in MISP.
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_EMAIL, "a@example.net")))
                .contains("Everywhere");
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_URL, "https://www.example.net/x")))
                .contains("Everywhere");
        // Only attribute types Jaring holds no indicator of: the list applies to nothing here.
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_HANDLE, "telegram:x")))
                .isEmpty();
        assertThat(lists.match(v(IndicatorType.INDICATOR_TYPE_HANDLE, "telegram:y")))
                .contains("All types");
    }

    @Test
    void matchingAttributesThatAreNotAnArrayNameTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.json"), """
                {"name": "Bad", "type": "string", "matching_attributes": "md5", "list": ["x"]}
                """);
        assertThatThrownBy(() -> Warninglists.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bad.json")
                .hasMessageContaining("'matching_attributes' must be an array");
    }

    @Test
    void theBundledListsFlagPlatformDomainsButNotAccountsOrUrlsOnThem() {
        Warninglists bundled = Warninglists.bundled();
        assertThat(bundled.match(v(IndicatorType.INDICATOR_TYPE_DOMAIN, "docs.google.com")))
                .contains("Very common domains");
        assertThat(bundled.match(
                        v(IndicatorType.INDICATOR_TYPE_URL, "https://docs.google.com/forms/d/e/1FAIpQL/viewform")))
                .isEmpty();
        assertThat(bundled.match(v(IndicatorType.INDICATOR_TYPE_EMAIL, "refund.desk@outlook.com")))
                .isEmpty();
        assertThat(bundled.match(v(IndicatorType.INDICATOR_TYPE_IPV4, "8.8.8.8")))
                .contains("Public DNS resolvers");
        assertThat(bundled.match(v(IndicatorType.INDICATOR_TYPE_MD5, "d41d8cd98f00b204e9800998ecf8427e")))
                .contains("Hashes of empty and trivial files");
    }
}
