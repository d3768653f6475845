package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every attribute the MISP export writes has a category MISP allows for its type. */
class MispVocabTest {
    /**
     * category_type_mappings of MISP's describeTypes.json (PyMISP's copy), for the types Jaring writes: the
     * categories MISP accepts per type. A category outside this list is a schema error in MISP.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("ip-dst", Set.of("Payload delivery", "Network activity", "External analysis")),
            Map.entry("domain", Set.of("Payload delivery", "Network activity", "External analysis")),
            Map.entry("url", Set.of("Payload delivery", "Network activity", "External analysis")),
            Map.entry(
                    "email", Set.of("Payload delivery", "Network activity", "Attribution", "Social network", "Person")),
            Map.entry("phone-number", Set.of("Financial fraud", "Person", "Other")),
            Map.entry("iban", Set.of("Financial fraud")),
            Map.entry("bank-account-nr", Set.of("Financial fraud")),
            Map.entry("btc", Set.of("Financial fraud")),
            Map.entry("xmr", Set.of("Financial fraud")),
            Map.entry("dash", Set.of("Financial fraud")),
            Map.entry(
                    "md5",
                    Set.of("Payload delivery", "Artifacts dropped", "Payload installation", "External analysis")),
            Map.entry(
                    "sha1",
                    Set.of("Payload delivery", "Artifacts dropped", "Payload installation", "External analysis")),
            Map.entry(
                    "sha256",
                    Set.of("Payload delivery", "Artifacts dropped", "Payload installation", "External analysis")),
            Map.entry("sha512", Set.of("Payload delivery", "Artifacts dropped", "Payload installation")),
            Map.entry(
                    "text",
                    Set.of(
                            "Internal reference",
                            "Antivirus detection",
                            "Payload delivery",
                            "Artifacts dropped",
                            "Payload installation",
                            "Persistence mechanism",
                            "Network activity",
                            "Payload type",
                            "Attribution",
                            "External analysis",
                            "Financial fraud",
                            "Support Tool",
                            "Social network",
                            "Person",
                            "Other")));

    @Test
    void everyExportedAttributeHasACategoryMispAllowsForItsType() {
        ObjectNode event = MispWriter.event(
                        "TH-CCIB",
                        "case:X",
                        "x",
                        RoundTripTest.records(),
                        java.time.Instant.parse("2026-03-01T00:00:00Z"))
                .event();
        List<JsonNode> attributes = new java.util.ArrayList<>();
        event.path("Event").path("Attribute").forEach(attributes::add);
        event.path("Event").path("Object").forEach(o -> o.path("Attribute").forEach(attributes::add));
        assertThat(attributes).hasSizeGreaterThan(10);
        for (JsonNode a : attributes) {
            String type = a.path("type").asText();
            assertThat(ALLOWED).as(type).containsKey(type);
            assertThat(ALLOWED.get(type))
                    .as(type + " " + a.path("value").asText())
                    .contains(a.path("category").asText());
        }
    }

    @Test
    void theEventCarriesATlpTagOnlyWhenEveryAttributeSharesIt() {
        ObjectNode mixed = MispWriter.event(
                        "TH-CCIB",
                        "case:X",
                        "x",
                        RoundTripTest.records(),
                        java.time.Instant.parse("2026-03-01T00:00:00Z"))
                .event();
        assertThat(mixed.path("Event").path("Tag")).isEmpty();
        ObjectNode one = MispWriter.event(
                        "TH-CCIB",
                        "case:X",
                        "x",
                        RoundTripTest.records().subList(0, 1),
                        java.time.Instant.parse("2026-03-01T00:00:00Z"))
                .event();
        assertThat(one.path("Event").path("Tag").get(0).path("name").asText()).isEqualTo("tlp:green");
    }
}
