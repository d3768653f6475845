package org.jaring.cli.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.LookupMode;
import org.jaring.v1.Offence;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.junit.jupiter.api.Test;

/** What the console's API makes of a page's JSON before it reaches the node: fields named when wrong. */
class ConsoleApiTest {
    private static JsonNode json(String text) throws Exception {
        return Http.JSON.readTree(text);
    }

    @Test
    void aLookupTakesOneValuePerLineAndRequiresItsPurpose() throws Exception {
        var r = ConsoleApi.lookup(
                json(
                        "{\"values\":\"a.example\\r\\n\\n  b[.]example  \\n\",\"caseReference\":\"TH-1\",\"legalBasis\":\"asean-mlat\"}"));
        assertThat(r.getQueriesList()).extracting(q -> q.getValue()).containsExactly("a.example", "b[.]example");
        assertThat(r.getPurpose().getLegalBasis()).isEqualTo(LegalBasis.LEGAL_BASIS_ASEAN_MLAT);
        assertThatThrownBy(() -> ConsoleApi.lookup(json("{\"values\":\"a.example\",\"legalBasis\":\"budapest\"}")))
                .hasMessageContaining("caseReference is required");
        assertThatThrownBy(() -> ConsoleApi.lookup(
                        json("{\"values\":\"a.example\",\"caseReference\":\"x\",\"legalBasis\":\"magic\"}")))
                .hasMessageContaining("legalBasis: 'magic' is not a legal basis");
        assertThatThrownBy(() -> ConsoleApi.lookup(
                        json("{\"values\":\"\\n \\n\",\"caseReference\":\"x\",\"legalBasis\":\"budapest\"}")))
                .hasMessageContaining("values");
    }

    @Test
    void theAskFormsModeReachesTheNodeAndAnUnknownOneIsRefused() throws Exception {
        String ask = "{\"values\":\"a.example\",\"caseReference\":\"TH-1\",\"legalBasis\":\"budapest\"";
        assertThat(ConsoleApi.lookup(json(ask + "}")).getMode()).isEqualTo(LookupMode.LOOKUP_MODE_UNSPECIFIED);
        assertThat(ConsoleApi.lookup(json(ask + ",\"mode\":\"blind\"}")).getMode())
                .isEqualTo(LookupMode.LOOKUP_MODE_BLIND);
        assertThat(ConsoleApi.lookup(json(ask + ",\"mode\":\"blind-where-supported\"}"))
                        .getMode())
                .isEqualTo(LookupMode.LOOKUP_MODE_BLIND_WHERE_SUPPORTED);
        assertThat(ConsoleApi.lookup(json(ask + ",\"mode\":\"plain\"}")).getMode())
                .isEqualTo(LookupMode.LOOKUP_MODE_PLAIN);
        assertThatThrownBy(() -> ConsoleApi.lookup(json(ask + ",\"mode\":\"<b>clear</b>\"}")))
                .hasMessageContaining("mode: not a lookup mode");
    }

    @Test
    void aRequestFromAHitFollowsItsCaseHandleAndRefusesUnknownCodes() throws Exception {
        var r = ConsoleApi.newRequest(json("{\"to\":\"MY-PDRM\",\"type\":\"EXPEDITED_PRESERVATION\","
                        + "\"legalBasis\":\"budapest\",\"offences\":[\"CC.FRAUD\"],\"facts\":\"f\",\"dataSought\":\"d\","
                        + "\"hits\":[{\"value\":\"a.example\",\"caseHandle\":\"MY-PDRM:abc\",\"originNode\":\"MY-PDRM\"},"
                        + "{\"value\":\"b.example\",\"caseHandle\":\"MY-PDRM:abc\"}]}"))
                .getRequest();
        assertThat(r.getType()).isEqualTo(RequestType.EXPEDITED_PRESERVATION);
        assertThat(r.getOffencesList()).containsExactly(Offence.OFFENCE_FRAUD);
        assertThat(r.getHitsCount()).isEqualTo(2);
        assertThat(r.getCaseHandlesList()).containsExactly("MY-PDRM:abc");
        assertThatThrownBy(() -> ConsoleApi.newRequest(json("{\"to\":\"MY-PDRM\",\"type\":\"REQUEST_TYPE_UNSPECIFIED\","
                        + "\"legalBasis\":\"budapest\",\"facts\":\"f\",\"dataSought\":\"d\"}")))
                .hasMessageContaining("type: 'REQUEST_TYPE_UNSPECIFIED' is not a value of RequestType");
        assertThatThrownBy(() -> ConsoleApi.newRequest(json("{\"to\":\"MY-PDRM\",\"type\":\"EXPEDITED_PRESERVATION\","
                        + "\"legalBasis\":\"budapest\",\"facts\":\"f\",\"dataSought\":\"d\",\"hits\":[{\"nope\":1}]}")))
                .hasMessageContaining("hits: not a hit");
        var change = ConsoleApi.changeState(json("{\"id\":\"x\",\"toState\":\"REFUSED\",\"refusalGround\":\"OTHER\"}"));
        assertThat(change.getToState()).isEqualTo(RequestState.REFUSED);
    }
}
