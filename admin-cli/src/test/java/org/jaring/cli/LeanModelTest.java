package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code jaring COMMAND ...} builds the model of that command only (start-up CPU, docs/benchmarks.md); what the
 * user sees must not change: each command's help, under every command, is the same as with the whole model, and
 * anything that is not a command's name gets the whole model (--help, "did you mean").
 */
class LeanModelTest {
    @Test
    void aCommandsOwnModelPrintsWhatTheWholeModelPrints() {
        CommandLine whole = JaringCli.commandLine();
        for (String name : whole.getSubcommands().keySet()) {
            CommandLine lean = JaringCli.commandLine(new String[] {name, "--help"});
            if (name.equals("help") || name.equals("generate-completion")) {
                assertThat(lean.getSubcommands()).hasSameSizeAs(whole.getSubcommands());
                continue;
            }
            assertThat(lean.getSubcommands().keySet()).as(name).containsExactly(name);
            assertSameHelp(
                    whole.getSubcommands().get(name), lean.getSubcommands().get(name));
        }
    }

    @Test
    void anythingElseGetsTheWholeModel() {
        CommandLine whole = JaringCli.commandLine();
        for (String[] args : new String[][] {{}, {"--help"}, {"lokup", "x"}, {"--version"}}) {
            assertThat(JaringCli.commandLine(args).getSubcommands().keySet())
                    .containsExactlyElementsOf(whole.getSubcommands().keySet());
        }
    }

    private static void assertSameHelp(CommandLine whole, CommandLine lean) {
        assertThat(help(lean)).isEqualTo(help(whole));
        assertThat(lean.getSubcommands().keySet())
                .isEqualTo(whole.getSubcommands().keySet());
        for (String sub : whole.getSubcommands().keySet()) {
            assertSameHelp(
                    whole.getSubcommands().get(sub), lean.getSubcommands().get(sub));
        }
    }

    private static String help(CommandLine c) {
        StringWriter out = new StringWriter();
        c.usage(new PrintWriter(out), CommandLine.Help.Ansi.OFF);
        return out.toString();
    }
}
