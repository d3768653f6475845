package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jaring.cli.UserError;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/** MISP import: handling that cannot be read fails closed, to_ids as MISP writes it, composites, counts. */
class MispReaderTest {
    private static String attribute(String type, String value, String extra) {
        return "{\"uuid\":\"aaaaaaaa-0000-4000-8000-000000000001\",\"type\":\"" + type + "\",\"value\":\"" + value
                + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static String tags(String... names) {
        StringBuilder b = new StringBuilder("\"Tag\":[");
        for (int i = 0; i < names.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"name\":\"").append(names[i]).append("\"}");
        }
        return b.append(']').toString();
    }

    private static String event(String eventExtra, String... attributes) {
        return "{\"Event\":{\"uuid\":\"bbbbbbbb-0000-4000-8000-000000000001\""
                + (eventExtra.isEmpty() ? "" : "," + eventExtra) + ",\"Attribute\":[" + String.join(",", attributes)
                + "]}}";
    }

    @Test
    void anAttributeTaggedRedAndGreenIsRedNeverGreen() {
        // The old reader let the last TLP tag win: red then green was stored GREEN, shared with every peer.
        Read.Result r = Read.misp(event("", attribute("domain", "evil.example", tags("tlp:red", "tlp:green"))));
        assertThat(r.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_RED);
        assertThat(r.notes())
                .singleElement()
                .satisfies(n -> assertThat(n.reason())
                        .contains("tlp:red, tlp:green disagree")
                        .contains("most restrictive, RED"));
    }

    @Test
    void anEventTlpAndAnAttributeTlpAddUpToTheMostRestrictive() {
        Read.Result r = Read.misp(event(tags("tlp:amber"), attribute("domain", "evil.example", tags("tlp:clear"))));
        assertThat(r.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_AMBER);
        Read.Result same = Read.misp(event(tags("tlp:green"), attribute("domain", "evil.example", tags("tlp:green"))));
        assertThat(same.only().getHandling().getTlp()).isEqualTo(Tlp.TLP_GREEN);
        assertThat(same.notes()).isEmpty();
    }

    @Test
    void anUnknownTlpPapOrDistributionIsRefusedWithTheReason() {
        for (String[] c : new String[][] {
            {tags("tlp:ex:chr"), "'tlp:ex:chr' is not a TLP level"},
            {tags("tlp:unclear"), "'tlp:unclear' is not a TLP level"},
            {tags("PAP:PURPLE"), "'PAP:PURPLE' is not a PAP level"},
            {"\"distribution\":\"7\"", "distribution \"7\" is not a MISP distribution level"},
            {"\"distribution\":\"all\"", "is not a MISP distribution level"},
        }) {
            Read.Result r = Read.misp(event("", attribute("domain", "evil.example", c[0])));
            assertThat(r.sent()).as(c[0]).isEmpty();
            assertThat(r.refused())
                    .as(c[0])
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason()).contains(c[1]));
        }
        // On the event, the same refuses every attribute of it.
        Read.Result onEvent = Read.misp(
                event(tags("tlp:rouge"), attribute("domain", "a.example", ""), attribute("domain", "b.example", "")));
        assertThat(onEvent.sent()).isEmpty();
        assertThat(onEvent.refused())
                .hasSize(2)
                .allSatisfy(f -> assertThat(f.reason()).startsWith("the event's"));
        // Known PAP levels and distributions are read (PAP counted as not imported).
        Read.Result known = Read.misp(event(
                "\"distribution\":3",
                attribute("domain", "evil.example", tags("PAP:RED") + ",\"distribution\":\"5\"")));
        assertThat(known.sent()).hasSize(1);
        assertThat(known.outcome().ignored()).containsEntry("MISP PAP tags", 1);
    }

    @Test
    void toIdsIsReadAsMispWritesItAndAnythingElseIsRefusedNamingTheField() {
        for (String yes : new String[] {"true", "\"1\"", "\"true\"", "1", "\"True\""}) {
            Read.Result r = Read.misp(event("", attribute("domain", "evil.example", "\"to_ids\":" + yes)));
            assertThat(r.only().getConfidence()).as(yes).isEqualTo(MispReader.IDS_CONFIDENCE);
        }
        for (String no : new String[] {"false", "\"0\"", "\"false\"", "0", "null"}) {
            Read.Result r = Read.misp(event("", attribute("domain", "evil.example", "\"to_ids\":" + no)));
            assertThat(r.only().getConfidence()).as(no).isEqualTo(MispReader.NOT_IDS_CONFIDENCE);
        }
        for (String bad : new String[] {"\"yes\"", "2", "\"\"", "[]"}) {
            Read.Result r = Read.misp(event("", attribute("domain", "evil.example", "\"to_ids\":" + bad)));
            assertThat(r.sent()).as(bad).isEmpty();
            assertThat(r.refused())
                    .singleElement()
                    .satisfies(f -> assertThat(f.reason()).startsWith("to_ids "));
        }
    }

    @Test
    void compositeTypesBecomeTheirPartsAndTheDroppedPortOrFileNameIsReported() {
        Read.Result r = Read.misp(event(
                "",
                attribute("ip-dst|port", "198.51.100.5|8080", ""),
                attribute("hostname|port", "c2.evil.example|443", ""),
                attribute("domain|ip", "evil.example|198.51.100.6", ""),
                attribute("filename|sha256", "evil.exe|" + "ab".repeat(32), ""),
                attribute("ip-src|port", "[2001:db8::1]|22", "")));
        assertThat(r.sent())
                .extracting(i -> i.getValue())
                .contains("198.51.100.5", "c2.evil.example", "evil.example", "198.51.100.6", "ab".repeat(32));
        assertThat(r.notes())
                .extracting(Refusal::reason)
                .contains("stored as 198.51.100.5; port 8080 dropped: Jaring holds no ports")
                .contains("stored as c2.evil.example; port 443 dropped: Jaring holds no ports")
                .contains(
                        "stored as " + "ab".repeat(32) + "; file name 'evil.exe' dropped: Jaring holds no file names");
        Read.Result badPort = Read.misp(event("", attribute("ip-dst|port", "198.51.100.5|http", "")));
        assertThat(badPort.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("port 'http' is not a port number"));
    }

    @Test
    void galaxiesSightingsAndReportsAreCountedNotDroppedSilently() {
        String e = "{\"Event\":{\"uuid\":\"bbbbbbbb-0000-4000-8000-000000000001\","
                + "\"Galaxy\":[{\"name\":\"Threat Actor\",\"GalaxyCluster\":[{\"value\":\"APT1\"},{\"value\":\"APT2\"}]}],"
                + "\"EventReport\":[{\"name\":\"r\"}],"
                + tags("misp-galaxy:threat-actor=\\\"APT1\\\"") + ","
                + "\"Attribute\":["
                + attribute("domain", "evil.example", "\"Sighting\":[{\"type\":\"0\"},{\"type\":\"0\"}]")
                + "]}}";
        Read.Result r = Read.misp(e);
        assertThat(r.sent()).hasSize(1);
        assertThat(r.outcome().ignored())
                .containsEntry("MISP galaxy clusters", 2)
                .containsEntry("MISP sightings", 2)
                .containsEntry("MISP event reports", 1)
                .containsEntry("MISP galaxy tags", 1);
        assertThat(r.outcome().ignoredSummary()).contains("2 MISP sightings");
    }

    @Test
    void aFileThatIsNotAnEventIsAnErrorSayingWhatWasExpected() {
        assertThatThrownBy(() -> MispReader.readEvents(Read.json("{\"type\":\"bundle\"}")))
                .isInstanceOf(UserError.class)
                .hasMessageContaining("expected a MISP event");
        assertThatThrownBy(() -> MispReader.readEvents(Read.json("{\"Event\":[]}")))
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> MispReader.readEvents(Read.json("{\"Event\":{\"Attribute\":{}}}")))
                .hasMessageContaining("\"Attribute\" is not an array");
        assertThatThrownBy(() -> MispReader.readEvents(Read.json("{\"response\":{}}")))
                .hasMessageContaining("\"response\" is neither an array");
        assertThatThrownBy(() -> MispReader.readEvents(Read.json("[]"))).isInstanceOf(UserError.class);
    }

    @Test
    void restSearchAnswersForAttributesAndObjectsAreRead() {
        Read.Result attributes =
                Read.misp("{\"response\":{\"Attribute\":[" + attribute("domain", "a.example", "") + "]}}");
        assertThat(attributes.only().getValue()).isEqualTo("a.example");
        Read.Result objects = Read.misp("{\"response\":[{\"Object\":{\"name\":\"domain-ip\",\"Attribute\":["
                + attribute("domain", "b.example", "") + "]}}]}");
        assertThat(objects.only().getValue()).isEqualTo("b.example");
    }

    @Test
    void aTimeThatIsNotATimeRefusesTheAttribute() {
        Read.Result r = Read.misp(event("", attribute("domain", "evil.example", "\"first_seen\":\"yesterday\"")));
        assertThat(r.refused())
                .singleElement()
                .satisfies(f -> assertThat(f.reason()).contains("first_seen 'yesterday'"));
    }
}
