package org.jaring.cli.cases;

import java.util.ArrayList;
import java.util.List;
import org.jaring.cli.UserError;
import org.jaring.core.vocab.TlpNames;
import org.jaring.v1.Audience;
import org.jaring.v1.Handling;
import picocli.CommandLine.Option;

/** --tlp, --node, --group and --local-only: who may learn of a case's or an indicator's values. */
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

    /** True when any of these options was given. */
    public boolean given() {
        return tlp != null || !nodes.isEmpty() || !groups.isEmpty() || localOnly;
    }

    /**
     * The handling after these options: the TLP given replaces the old one, and the audience given (nodes, groups,
     * local-only) replaces the old audience as a whole; what was not given stays as it was.
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
        if (h.getTlp() == org.jaring.v1.Tlp.TLP_UNSPECIFIED) {
            throw new UserError("give --tlp with the audience: a handling needs its TLP level (CLEAR, GREEN,"
                    + " AMBER, AMBER+STRICT or RED)");
        }
        return h.build();
    }
}
