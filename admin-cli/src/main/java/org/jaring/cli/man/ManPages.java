package org.jaring.cli.man;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jaring.cli.JaringCli;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Manual pages in roff (man(7) macros) for {@code jaring} and every command under it, written from the same
 * picocli model that prints {@code --help}, so a page cannot name an option the command lacks. picocli-codegen's
 * ManPageGenerator writes AsciiDoc only, which needs asciidoctor (a Ruby gem) to become something {@code man}
 * reads; this class writes roff directly. The build runs it at package time into
 * {@code admin-cli/target/man/man1} (docs/operations.md, "Install").
 */
public final class ManPages {
    private ManPages() {}

    /** {@code ManPages DIR}: writes {@code DIR/jaring.1}, {@code DIR/jaring-case.1}, ... */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages OUTPUT_FOLDER (where the jaring*.1 pages go)");
        }
        List<Path> written = write(JaringCli.commandLine(), Path.of(args[0]));
        System.out.println("jaring: " + written.size() + " manual pages in " + args[0]);
    }

    /** Writes one page per visible command under {@code root}, itself included; returns the files written. */
    public static List<Path> write(CommandLine root, Path folder) throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (CommandLine c : visibleCommands(root)) {
            Path file = folder.resolve(pageName(c.getCommandSpec()) + ".1");
            Files.writeString(file, page(c.getCommandSpec()), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /** The command and every command below it that {@code --help} lists (hidden ones have no page either). */
    public static List<CommandLine> visibleCommands(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        for (Map.Entry<String, CommandLine> sub : c.getSubcommands().entrySet()) {
            CommandSpec spec = sub.getValue().getCommandSpec();
            // the map holds aliases too; a page per command, under its name
            if (sub.getKey().equals(spec.name()) && !spec.usageMessage().hidden()) {
                collect(sub.getValue(), into);
            }
        }
    }

    /** {@code jaring case create} is {@code jaring-case-create}, as git names its pages. */
    public static String pageName(CommandSpec spec) {
        return spec.qualifiedName("-");
    }

    static String page(CommandSpec spec) {
        StringBuilder out = new StringBuilder();
        String version = spec.root().version().length > 0 ? spec.root().version()[0] : "jaring";
        out.append(".\\\" Generated from the picocli model by org.jaring.cli.man.ManPages; do not edit.\n");
        out.append(".TH \"")
                .append(escape(pageName(spec).toUpperCase(Locale.ROOT)))
                .append("\" 1 \"\" \"")
                .append(escape(version))
                .append("\" \"Jaring Manual\"\n");
        out.append(".SH NAME\n").append(escape(pageName(spec))).append(" \\- ");
        out.append(escape(summary(spec))).append('\n');

        out.append(".SH SYNOPSIS\n.nf\n");
        String synopsis = new CommandLine.Help(
                        spec, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build())
                .synopsis(0)
                .stripTrailing();
        for (String line : synopsis.split("\n", -1)) {
            out.append(line(line)).append('\n');
        }
        out.append(".fi\n");

        List<String> description = new ArrayList<>();
        String[] header = spec.usageMessage().header();
        if (header.length > 0) {
            description.addAll(text(header));
        }
        description.addAll(text(spec.usageMessage().description()));
        if (!description.isEmpty()) {
            out.append(".SH DESCRIPTION\n");
            paragraphs(out, description);
        }

        List<PositionalParamSpec> params =
                spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            out.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                out.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR");
                if (p.arity().max() > 1) {
                    out.append("...");
                }
                out.append('\n');
                argDescription(out, p);
            }
        }

        List<OptionSpec> options =
                spec.options().stream().filter(o -> !o.hidden()).toList();
        if (!options.isEmpty()) {
            out.append(".SH OPTIONS\n");
            for (OptionSpec o : options) {
                out.append(".TP\n").append(optionTerm(o)).append('\n');
                argDescription(out, o);
            }
        }

        List<CommandSpec> subs = new ArrayList<>();
        for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
            CommandSpec s = sub.getValue().getCommandSpec();
            if (sub.getKey().equals(s.name()) && !s.usageMessage().hidden()) {
                subs.add(s);
            }
        }
        if (!subs.isEmpty()) {
            out.append(".SH COMMANDS\n");
            for (CommandSpec s : subs) {
                out.append(".TP\n\\fB").append(escape(s.name())).append("\\fR\n");
                out.append(line(summary(s) + " See " + pageName(s) + "(1).")).append('\n');
            }
        }

        List<String> footer = text(spec.usageMessage().footer());
        if (!footer.isEmpty()) {
            out.append(".SH NOTES\n");
            paragraphs(out, footer);
        }

        List<String> seeAlso = new ArrayList<>();
        if (spec.parent() != null) {
            seeAlso.add(pageName(spec.parent()));
        }
        subs.forEach(s -> seeAlso.add(pageName(s)));
        if (!seeAlso.isEmpty()) {
            out.append(".SH \"SEE ALSO\"\n");
            List<String> refs =
                    seeAlso.stream().map(n -> "\\fB" + escape(n) + "\\fR(1)").toList();
            out.append(String.join(",\n", refs)).append('\n');
        }
        return out.toString();
    }

    /** The one line after the page's name: the header, else the description's first sentence. */
    private static String summary(CommandSpec spec) {
        List<String> header = text(spec.usageMessage().header());
        String first = !header.isEmpty()
                ? header.get(0)
                : text(spec.usageMessage().description()).stream()
                        .filter(s -> !s.isBlank())
                        .findFirst()
                        .orElse(spec.name());
        int stop = first.indexOf(". ");
        return (stop > 0 ? first.substring(0, stop + 1) : first).trim();
    }

    private static String optionTerm(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            StringBuilder t = new StringBuilder("\\fB").append(escape(n)).append("\\fR");
            if (o.arity().max() > 0 && !o.paramLabel().isEmpty()) {
                t.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
            }
            names.add(t.toString());
        }
        return String.join(", ", names);
    }

    private static void argDescription(StringBuilder out, ArgSpec a) {
        List<String> lines = text(a.description());
        if (lines.isEmpty()) {
            lines = List.of(" ");
        }
        boolean first = true;
        for (String l : lines) {
            if (!first) {
                out.append(".br\n");
            }
            out.append(line(l)).append('\n');
            first = false;
        }
    }

    /**
     * Runs of plain lines are paragraphs that man may fill; an indented line (an example command, a table row)
     * is kept as written, so that it can be copied.
     */
    private static void paragraphs(StringBuilder out, List<String> lines) {
        boolean inLiteral = false;
        boolean needParagraph = false;
        boolean started = false;
        for (String l : lines) {
            if (l.isBlank()) {
                if (inLiteral) {
                    out.append(".fi\n");
                    inLiteral = false;
                }
                needParagraph = started;
                continue;
            }
            boolean literal = l.startsWith(" ");
            if (literal && !inLiteral) {
                out.append(".PP\n.nf\n");
                inLiteral = true;
            } else if (!literal && inLiteral) {
                out.append(".fi\n.PP\n");
                inLiteral = false;
            } else if (needParagraph || !started) {
                out.append(".PP\n");
            }
            needParagraph = false;
            started = true;
            out.append(line(literal ? l : l.trim())).append('\n');
        }
        if (inLiteral) {
            out.append(".fi\n");
        }
    }

    /** picocli's description strings, split into lines ({@code %n}), format escapes undone. */
    private static List<String> text(String[] parts) {
        List<String> lines = new ArrayList<>();
        for (String part : parts) {
            String s = part.replace("%n", "\n").replace("%%", "%");
            lines.addAll(List.of(s.split("\n", -1)));
        }
        return lines;
    }

    /** One line of text: roff escapes, and a leading dot or quote that roff would read as a request. */
    private static String line(String text) {
        String e = escape(text);
        return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
    }

    /**
     * Backslash as {@code \e}; every minus as {@code \-}, so that an option copied from the page is still an ASCII
     * hyphen-minus (groff prints a plain {@code -} as a Unicode hyphen in UTF-8 terminals).
     */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\e");
                case '-' -> b.append("\\-");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
