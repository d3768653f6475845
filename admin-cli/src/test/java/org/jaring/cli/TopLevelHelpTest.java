package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The help text stored at build time is the one the live model prints, so the fast path never goes stale. */
class TopLevelHelpTest {
    @Test
    void theStoredTextIsWhatTheWholeModelPrints() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        assertThat(TopLevelHelp.printStored(out))
                .as("the build writes %s (admin-cli/pom.xml, top-level-help)", TopLevelHelp.RESOURCE)
                .isTrue();
        String stored = bytes.toString(StandardCharsets.UTF_8);
        assertThat(stored).isEqualTo(TopLevelHelp.render());
        assertThat(stored)
                .contains("Usage: jaring")
                .contains("case")
                .contains("lookup")
                .contains("Exit codes:");
    }

    @Test
    void onlyTheBareHelpOptionTakesTheStoredText() {
        assertThat(TopLevelHelp.asked(new String[] {"--help"})).isTrue();
        assertThat(TopLevelHelp.asked(new String[] {"-h"})).isTrue();
        assertThat(TopLevelHelp.asked(new String[] {})).isFalse();
        assertThat(TopLevelHelp.asked(new String[] {"lookup", "--help"})).isFalse();
        assertThat(TopLevelHelp.asked(new String[] {"--help", "lookup"})).isFalse();
        assertThat(TopLevelHelp.asked(new String[] {"help"})).isFalse();
    }
}
