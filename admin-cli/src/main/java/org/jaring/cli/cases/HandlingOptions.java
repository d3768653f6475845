package org.jaring.cli.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jaring.cli.UserError;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.Audience;
import org.jaring.v1.Handling;
import org.jaring.v1.Sharing;
import picocli.CommandLine.Option;

/**
 * --tlp, --node, --group and --local-only: who may learn of a case's or an indicator's values; --sharing: whether
 * they also get them in bulk (the feed, an export) or only as the answer to a lookup of the value.
 */
public final class HandlingOptions {
    @Option(
            names = "--tlp",
            paramLabel = "LEVEL",
            description = "TLP 2.0 level: CLEAR, GREEN, AMBER, AMBER+STRICT or RED.")
    String tlp;

    @Option(
            names = "--node",
            paramLabel = "NODE_ID",
            split = ",",
            description = "A peer node that may see it, e.g. MY-PDRM (repeat, or separate with commas).")
    List<String> nodes = new ArrayList<>();

    @Option(
            names = "--group",
            paramLabel = "GROUP",
            split = ",",
            description = "A peer group of your trust store whose members may see it, e.g. asean (repeat, or"
                    + " separate with commas).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--local-only", description = "Never leaves your node, whatever the TLP.")
    boolean localOnly;

    @Option(
            names = "--sharing",
            paramLabel = "KIND",
            description = "published (in the feed and exports of every peer that may see it, and answered on"
                    + " lookup) or confirm-only (answered to a peer that may see it and looks the value up; never"
                    + " in any feed or export). Default: the case's; for a case, published.")
    String sharing;

    /** True when any of these options was given. */
    public boolean given() {
        return tlp != null || !nodes.isEmpty() || !groups.isEmpty() || localOnly || sharing != null;
    }

    /** The --sharing given, read; UNSPECIFIED when none was given. */
    public Sharing sharing() {
        if (sharing == null) {
            return Sharing.SHARING_UNSPECIFIED;
        }
        return switch (sharing.strip().toLowerCase(Locale.ROOT)) {
            case "published" -> Sharing.SHARING_PUBLISHED;
            case "confirm-only" -> Sharing.SHARING_CONFIRM_ONLY;
            default ->
                throw new UserError(
                        "--sharing: '" + sharing + "' is not a sharing kind; use published or" + " confirm-only");
        };
    }

    /**
     * The handling after these options: the TLP given replaces the old one, and the audience given (nodes, groups,
     * local-only) replaces the old audience as a whole, the sharing given replaces the old; what was not given stays
     * as it was.
     */
    public Handling applyTo(Handling old) {
        Handling.Builder h = old == null ? Handling.newBuilder() : old.toBuilder();
        if (tlp != null) {
            try {
                h.setTlp(TlpNames.parse(tlp));
            } catch (IllegalArgumentException e) {
                throw new UserError("--tlp: " + e.getMessage());
            }
        }
        if (!nodes.isEmpty() || !groups.isEmpty() || localOnly) {
            h.setAudience(Audience.newBuilder()
                    .setLocalOnly(localOnly)
                    .addAllNodes(nodes.stream().map(String::strip).toList())
                    .addAllGroups(groups.stream().map(String::strip).toList()));
        }
        if (sharing != null) {
            h.setSharing(sharing());
        }
        if (h.getTlp() == org.jaring.v1.Tlp.TLP_UNSPECIFIED) {
            throw new UserError("give --tlp with the audience or the sharing: a handling needs its TLP level (CLEAR,"
                    + " GREEN, AMBER, AMBER+STRICT or RED)");
        }
        return h.build();
    }
}
