package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Documentation that cannot drift from the command line: every {@code jaring ...} command shown in README.md and
 * docs/*.md (inline code and code blocks) names commands and options that exist in the picocli model. Arguments
 * are placeholders in the docs (FILE, VALUE...), so the check is on names: the subcommand path and each option.
 */
class DocsCommandsTest {
    /** `jaring ...` in inline code, or a line of a code block starting with jaring (after an optional prompt). */
    private static final Pattern INLINE = Pattern.compile("`(jaring [^`]+)`");

    private static final Pattern BLOCK_LINE =
            Pattern.compile("^\\s*(?:\\$ )?(?:java -jar \\S*jaring\\.jar|jaring)( .*)?$");

    @Test
    void everyCommandShownInTheDocsExistsWithItsOptions() throws IOException {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs()) {
            List<String> lines = Files.readAllLines(doc);
            boolean inBlock = false;
            StringBuilder continued = null;
            for (int n = 0; n < lines.size(); n++) {
                String line = lines.get(n);
                if (line.strip().startsWith("```")) {
                    inBlock = !inBlock;
                    continue;
                }
                List<String> commands = new ArrayList<>();
                if (inBlock) {
                    if (continued != null) {
                        continued.append(' ').append(line.strip());
                    } else {
                        Matcher m = BLOCK_LINE.matcher(line);
                        if (m.matches()) {
                            continued = new StringBuilder("jaring" + (m.group(1) == null ? "" : m.group(1)));
                        }
                    }
                    if (continued != null) {
                        if (continued.toString().endsWith("\\")) {
                            continued.setLength(continued.length() - 1);
                            continue;
                        }
                        commands.add(continued.toString());
                        continued = null;
                    }
                } else {
                    Matcher m = INLINE.matcher(line);
                    while (m.find()) {
                        commands.add(m.group(1));
                    }
                }
                for (String command : commands) {
                    checked++;
                    String problem = check(command);
                    if (problem != null) {
                        problems.add(doc.getFileName() + ":" + (n + 1) + ": " + command + " -> " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("commands found in the docs").isGreaterThan(50);
        assertThat(problems)
                .as("commands in the docs that the CLI does not have")
                .isEmpty();
    }

    private static List<Path> docs() throws IOException {
        List<Path> out = new ArrayList<>();
        out.add(DocsCheck.repoFile("README.md"));
        try (Stream<Path> s = Files.list(DocsCheck.repoFile("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(out::add);
        }
        return out;
    }

    /** Null if every subcommand and option named exists, else what does not. */
    static String check(String command) {
        String text = command.replaceAll("#.*$", "").replaceAll("[|;&>].*$", "").strip();
        String[] words = text.split("\\s+");
        if (words.length > 1 && words[1].equals("bench")) {
            return null; // 'jaring bench' is the benchmark tool's own command line (bench/target/jaring-bench.jar)
        }
        CommandLine cmd = JaringCli.commandLine();
        int i = 1;
        while (i < words.length && cmd.getSubcommands().containsKey(words[i])) {
            cmd = cmd.getSubcommands().get(words[i]);
            i++;
        }
        if (i < words.length
                && !cmd.getSubcommands().isEmpty()
                && words[i].matches("[a-z][a-z-]+")
                && !words[i].equals("...")) {
            return "'" + words[i] + "' is not a subcommand of "
                    + cmd.getCommandSpec().qualifiedName();
        }
        for (; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("-") && w.length() > 1 && !w.equals("--") && !w.matches("-?\\d.*")) {
                String name = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
                name = name.replaceAll("[`.,)\\]]+$", "");
                if (name.startsWith("-") && cmd.getCommandSpec().findOption(name) == null) {
                    return "no option " + name + " in " + cmd.getCommandSpec().qualifiedName();
                }
            }
        }
        return null;
    }
}
