package org.jaring.cli.disclosures;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.jaring.v1.Disclosure;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Purpose;
import org.junit.jupiter.api.Test;

/** A peer wrote the case reference: it prints as one escaped cell, never as a row of its own. */
class DisclosuresTableTest {
    @Test
    void aCaseReferenceWithCrLfAndEscPrintsAsOneEscapedCell() {
        // What a hostile asker would send: end the row, forge one naming another state, and clear the line.
        String forged = "SG-1\r\n2026-12-07 08:00:00  TH-CCIB  chief  TH-0001  budapest  x\u001b[2K";
        Disclosure d = Disclosure.newBuilder()
                .setAskedAt(Timestamps.fromMillis(0))
                .setAskingNode("SG-CSA")
                .setPurpose(Purpose.newBuilder()
                        .setAnalyst("eve\u202e")
                        .setCaseReference(forged)
                        .setLegalBasis(LegalBasis.LEGAL_BASIS_BUDAPEST))
                .setValue("asean-parcel-redelivery.com")
                .setDisclosedHits(1)
                .build();
        StringWriter text = new StringWriter();
        DisclosuresCommand.table(List.of(d)).print(new PrintWriter(text));
        String out = text.toString();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(3); // header, rule, one row
        assertThat(out).doesNotContain("\r", "\u001b", "\u202e");
        assertThat(lines.get(2))
                .contains("SG-CSA")
                .contains("SG-1\\r\\n2026-12-07")
                .contains("eve\\u{202e}");
        assertThat(lines).noneMatch(l -> l.startsWith("2026-12-07"));
    }
}
