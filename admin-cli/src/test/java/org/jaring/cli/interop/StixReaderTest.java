package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jaring.cli.UserError;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/** STIX import: patterns through the grammar, markings that fail closed, files that are not bundles. */
class StixReaderTest {
    private static final String GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final String RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    static String indicator(String pattern, String markings) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--11111111-1111-4111-8111-111111111111\","
                + "\"pattern_type\":\"stix\",\"pattern\":"
                + Read.JSON.getNodeFactory().textNode(pattern).toString()
                + ",\"object_marking_refs\":[" + markings + "]}";
    }

    private static String bundle(String... objects) {
        return "{\"type\":\"bundle\",\"id\":\"bundle--22222222-2222-4222-8222-222222222222\",\"objects\":["
                + String.join(",", objects) + "]}";
    }

    @Test
    void anUnbalancedPatternIsRefusedWithItsReason() {
        // The old regex reader took "[ipv4-addr:value = '198.51.100.1'" as one comparison and stored it.
        Read.Result r = Read.stix(bundle(indicator("[ipv4-addr:value = '198.51.100.1'", "")));
        assertThat(r.sent()).isEmpty();
        assertThat(r.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason())
                        .contains("not a STIX 2.1 pattern")
                        .contains("']'"));
    }

    @Test
    void aPatternWithAUrlOfTheMaximumLengthIsImported() {
        String url = "https://evil.example/" + "x".repeat(2_000);
        Read.Result r = Read.stix(bundle(indicator("[url:value = '" + url + "']", "")));
        assertThat(r.refused()).isEmpty();
        assertThat(r.only().getValue()).startsWith("https://evil.example/xxx");
    }

    @Test
    void conflictingTlpMarkingsReadAsTheMostRestrictiveWithANote() {
        Read.Result r = Read.stix(
                bundle(indicator("[domain-name:value = 'evil.example']", "\"" + RED + "\",\"" + GREEN + "\"")));
        assertThat(r.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_RED);
        assertThat(r.notes())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("most restrictive, RED"));
        Read.Result reversed = Read.stix(
                bundle(indicator("[domain-name:value = 'evil.example']", "\"" + GREEN + "\",\"" + RED + "\"")));
        assertThat(reversed.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_RED);
    }

    @Test
    void aMarkingThatCannotBeReadRefusesTheObject() {
        // Before: an unknown marking was ignored, and the value took the case default (say GREEN).
        Read.Result unknown = Read.stix(bundle(indicator(
                "[domain-name:value = 'evil.example']",
                "\"marking-definition--33333333-3333-4333-8333-333333333333\"")));
        assertThat(unknown.sent()).isEmpty();
        assertThat(unknown.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("neither a TLP marking nor defined in the bundle"));

        String custom =
                "{\"type\":\"marking-definition\",\"id\":\"marking-definition--44444444-4444-4444-8444-444444444444\","
                        + "\"definition_type\":\"x-acme-handling\",\"definition\":{\"level\":\"secret\"}}";
        Read.Result other = Read.stix(bundle(
                custom,
                indicator(
                        "[domain-name:value = 'evil.example']",
                        "\"marking-definition--44444444-4444-4444-8444-444444444444\"")));
        assertThat(other.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("cannot read"));

        String badTlp =
                "{\"type\":\"marking-definition\",\"id\":\"marking-definition--55555555-5555-4555-8555-555555555555\","
                        + "\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"ultraviolet\"}}";
        Read.Result bad = Read.stix(bundle(
                badTlp,
                indicator(
                        "[domain-name:value = 'evil.example']",
                        "\"marking-definition--55555555-5555-4555-8555-555555555555\"")));
        assertThat(bad.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("'ultraviolet'"));
    }

    @Test
    void aTlpDefinedInTheBundleAndAStatementAreRead() {
        String tlp1 =
                "{\"type\":\"marking-definition\",\"id\":\"marking-definition--66666666-6666-4666-8666-666666666666\","
                        + "\"definition_type\":\"tlp\",\"definition\":{\"tlp\":\"amber\"}}";
        String statement =
                "{\"type\":\"marking-definition\",\"id\":\"marking-definition--77777777-7777-4777-8777-777777777777\","
                        + "\"definition_type\":\"statement\",\"definition\":{\"statement\":\"Copyright ACME\"}}";
        Read.Result r = Read.stix(bundle(
                tlp1,
                statement,
                indicator(
                        "[domain-name:value = 'evil.example']",
                        "\"marking-definition--66666666-6666-4666-8666-666666666666\","
                                + "\"marking-definition--77777777-7777-4777-8777-777777777777\"")));
        assertThat(r.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
    }

    @Test
    void aGranularMarkingCountsLikeAnObjectMarking() {
        String ind = indicator("[domain-name:value = 'evil.example']", "\"" + GREEN + "\"")
                .replace(
                        "]}",
                        "],\"granular_markings\":[{\"marking_ref\":\"" + RED + "\",\"selectors\":[\"pattern\"]}]}");
        assertThat(Read.stix(bundle(ind)).only().getHandling().getTlp()).isEqualTo(Tlp.TLP_RED);
        String lang = indicator("[domain-name:value = 'evil.example']", "\"" + GREEN + "\"")
                .replace("]}", "],\"granular_markings\":[{\"lang\":\"th\",\"selectors\":[\"description\"]}]}");
        assertThat(Read.stix(bundle(lang)).only().getHandling().getTlp()).isEqualTo(Tlp.TLP_GREEN);
    }

    @Test
    void networkTrafficAddressAndPortBecomeTheAddressWithThePortReportedAsDropped() {
        Read.Result r = Read.stix(bundle(indicator(
                "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.9'"
                        + " AND network-traffic:dst_port = 8443]",
                "")));
        assertThat(r.only().getValue()).isEqualTo("198.51.100.9");
        assertThat(r.notes())
                .singleElement()
                .satisfies(n -> assertThat(n.reason()).contains("port 8443 dropped"));
        Read.Result inValue = Read.stix(bundle(indicator("[ipv4-addr:value = '198.51.100.9:8080']", "")));
        assertThat(inValue.only().getValue()).isEqualTo("198.51.100.9");
    }

    @Test
    void otherAndsAndQualifiersAreRefusedAsUnsupported() {
        for (String p : new String[] {
            "[domain-name:value = 'a.example' AND url:value = 'http://a.example/']",
            "[domain-name:value = 'a.example'] WITHIN 5 SECONDS",
            "[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']",
            "[domain-name:value != 'a.example']",
        }) {
            Read.Result r = Read.stix(bundle(indicator(p, "")));
            assertThat(r.sent()).as(p).isEmpty();
            assertThat(r.refused())
                    .as(p)
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason()).startsWith("unsupported pattern"));
        }
    }

    @Test
    void aFileThatIsNotABundleIsAnErrorSayingWhatWasExpected() {
        assertThatThrownBy(() -> StixReader.read(Read.json("{\"type\":\"indicator\",\"pattern\":\"[a:b = 'c']\"}")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("expected a STIX 2.1 bundle")
                .hasMessageContaining("\"indicator\"");
        assertThatThrownBy(() -> StixReader.read(Read.json("[1,2]"))).isInstanceOf(UserError.class);
        assertThatThrownBy(() -> StixReader.read(Read.json("{\"type\":\"bundle\",\"objects\":{}}")))
                .hasMessageContaining("\"objects\" is not an array");
    }

    @Test
    void sightingsAreCountedAsNotImported() {
        String sighting = "{\"type\":\"sighting\",\"id\":\"sighting--88888888-8888-4888-8888-888888888888\"}";
        Read.Result r = Read.stix(bundle(sighting, sighting));
        assertThat(r.outcome().ignored()).containsEntry("STIX sightings", 2);
    }
}
