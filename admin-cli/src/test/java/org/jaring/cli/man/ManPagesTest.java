package org.jaring.cli.man;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jaring.cli.JaringCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command {@code jaring --help} lists has a manual page, the page names every option and argument of the
 * command, and {@code man -l} renders it without a warning from the formatter, with options copyable as typed
 * (ASCII hyphens). .ci/run installs man-db (which brings groff) where it is missing.
 */
class ManPagesTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasAPageThatNamesEachOfItsOptionsAndRenders() throws Exception {
        CommandLine cli = JaringCli.commandLine();
        List<Path> written = ManPages.write(cli, dir);
        List<CommandLine> commands = ManPages.visibleCommands(cli);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(commands.stream()
                            .map(c -> ManPages.pageName(c.getCommandSpec()) + ".1")
                            .toList());
        }
        assertThat(written).hasSameSizeAs(commands);
        // the pages a user is most likely to open exist under the names `man` is asked for
        assertThat(dir.resolve("jaring.1")).exists();
        assertThat(dir.resolve("jaring-case-create.1")).exists();
        assertThat(dir.resolve("jaring-trust-add.1")).exists();

        boolean canRender = onPath("man") && onPath("groff");
        List<String> problems = new ArrayList<>();
        for (CommandLine c : commands) {
            CommandSpec spec = c.getCommandSpec();
            Path page = dir.resolve(ManPages.pageName(spec) + ".1");
            String text = canRender ? render(page) : Files.readString(page).replace("\\-", "-");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                for (String name : o.names()) {
                    if (!text.contains(name)) {
                        problems.add(page.getFileName() + " lacks option " + name);
                    }
                }
            }
            spec.positionalParameters().stream()
                    .filter(p -> !p.hidden() && !text.contains(p.paramLabel()))
                    .forEach(p -> problems.add(page.getFileName() + " lacks argument " + p.paramLabel()));
            for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
                CommandSpec s = sub.getValue().getCommandSpec();
                if (!s.usageMessage().hidden() && !text.contains(ManPages.pageName(s) + "(1)")) {
                    problems.add(page.getFileName() + " does not point at " + ManPages.pageName(s) + "(1)");
                }
            }
            if (canRender) {
                String warnings = groffWarnings(page);
                if (!warnings.isBlank()) {
                    problems.add(page.getFileName() + ": groff says " + warnings.strip());
                }
            }
        }
        assertThat(problems).isEmpty();
        if (canRender) {
            // as a user sees it: the name line, and the option exactly as it must be typed
            String create = render(dir.resolve("jaring-case-create.1"));
            assertThat(create)
                    .contains("jaring-case-create - Create a case")
                    .contains("--tlp")
                    .contains("jaring case create TH-2026-0043 --tlp AMBER --group asean");
        }
    }

    @Test
    void roffControlCharactersInTextAreEscaped() {
        assertThat(ManPages.escape("C:\\dir --tlp")).isEqualTo("C:\\edir \\-\\-tlp");
    }

    /** {@code man -l PAGE} in a UTF-8 locale, as a user's terminal would show it, without a pager. */
    private static String render(Path page) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("man", "-l", page.toString());
        pb.environment().put("MANPAGER", "cat");
        pb.environment().put("PAGER", "cat");
        pb.environment().put("MANWIDTH", "200");
        pb.environment().put("LC_ALL", "C.UTF-8");
        pb.environment().put("MAN_DISABLE_SECCOMP", "1");
        String out = run(pb);
        // overstrike bold and underline (x\bx, _\bx), should man not strip them itself
        return out.replaceAll(".\b", "");
    }

    /** groff's own warnings (all of them, -ww), which man hides. */
    private static String groffWarnings(Path page) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("groff", "-man", "-ww", "-z", "-Tutf8", page.toString());
        pb.redirectErrorStream(true);
        return run(pb);
    }

    private static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("%s finished", pb.command())
                .isTrue();
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("%s: %s", pb.command(), out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
