package org.jaring.node.share;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import org.jaring.v1.Hit;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.Offence;
import org.jaring.v1.Tlp;
import org.junit.jupiter.api.Test;

/** A value held in two shared cases leaves an export once, with the most restrictive TLP of the two. */
class SharedExportMergeTest {
    private static Timestamp t(long s) {
        return Timestamp.newBuilder().setSeconds(s).build();
    }

    private static Hit.Builder hit() {
        return Hit.newBuilder().setType(IndicatorType.INDICATOR_TYPE_DOMAIN).setValue("evil.example");
    }

    @Test
    void mergingTakesTheMostRestrictiveTlpEitherWay() {
        Hit green = hit().setTlp(Tlp.TLP_GREEN).setConfidence(90).build();
        Hit red = hit().setTlp(Tlp.TLP_RED).setConfidence(40).build();
        assertThat(SharedExport.merge(green, red).getTlp()).isEqualTo(Tlp.TLP_RED);
        assertThat(SharedExport.merge(red, green).getTlp()).isEqualTo(Tlp.TLP_RED);
        assertThat(SharedExport.merge(green, red).getConfidence()).isEqualTo(90);
    }

    @Test
    void mergingUnitesOffencesAndWidensTheTimes() {
        Hit a = hit().setTlp(Tlp.TLP_AMBER)
                .addOffences(Offence.OFFENCE_FRAUD)
                .setFirstSeen(t(100))
                .setLastSeen(t(200))
                .setValidUntil(t(1_000))
                .build();
        Hit b = hit().setTlp(Tlp.TLP_GREEN)
                .addOffences(Offence.OFFENCE_FRAUD)
                .addOffences(Offence.OFFENCE_LAUNDERING)
                .setFirstSeen(t(50))
                .setLastSeen(t(300))
                .setValidUntil(t(2_000))
                .build();
        Hit m = SharedExport.merge(a, b);
        assertThat(m.getOffencesList()).containsExactly(Offence.OFFENCE_FRAUD, Offence.OFFENCE_LAUNDERING);
        assertThat(m.getFirstSeen()).isEqualTo(t(50));
        assertThat(m.getLastSeen()).isEqualTo(t(300));
        assertThat(m.getValidUntil()).isEqualTo(t(2_000));
        Hit forever = hit().build();
        assertThat(SharedExport.merge(a, forever).hasValidUntil()).isFalse();
    }
}
