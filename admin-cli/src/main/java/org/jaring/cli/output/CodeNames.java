package org.jaring.cli.output;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jaring.core.vocab.Labels;
import org.jaring.core.vocab.LegalBases;
import org.jaring.core.vocab.OffenceCodes;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.Offence;
import org.jaring.v1.PeerOutcome;
import org.jaring.v1.RequestState;
import org.jaring.v1.RequestType;
import org.jaring.v1.Tlp;

/**
 * How text output names the code lists: either the codes (CC.FRAUD, expedited-preservation, delivered), as the CLI
 * always printed them, or their labels in one language. One object per command run, chosen by {@link LanguageOption}.
 */
public final class CodeNames {
    /** The codes themselves: no language. */
    public static final CodeNames CODES = new CodeNames(null);

    private final Labels labels;

    private CodeNames(Labels labels) {
        this.labels = labels;
    }

    public static CodeNames in(Labels labels) {
        return new CodeNames(Objects.requireNonNull(labels, "labels"));
    }

    public String offence(Offence o) {
        return labels == null ? OffenceCodes.code(o) : labels.offence(o);
    }

    /** Codes joined by commas (as before); labels by "; ", since a label may hold a comma. */
    public String offences(List<Offence> offences) {
        return offences.stream().map(this::offence).collect(Collectors.joining(labels == null ? "," : "; "));
    }

    public String tlp(Tlp t) {
        return labels == null ? TlpNames.label(t) : labels.tlp(t);
    }

    public String legalBasis(LegalBasis b) {
        return labels == null ? LegalBases.name(b) : labels.legalBasis(b);
    }

    public String requestType(RequestType t) {
        return labels == null ? code(t) : labels.code("requestType", t);
    }

    public String requestState(RequestState s) {
        return labels == null ? code(s) : labels.code("requestState", s);
    }

    /** answered, timed-out, ... as before; or the outcome's label. */
    public String peerOutcome(PeerOutcome o) {
        return labels == null
                ? o.name().replace("PEER_OUTCOME_", "").toLowerCase(Locale.ROOT)
                : labels.code("peerOutcome", o);
    }

    private static String code(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
