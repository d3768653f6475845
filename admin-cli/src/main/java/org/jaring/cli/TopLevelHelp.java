package org.jaring.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * {@code jaring --help} without building the command model: the text is rendered from the same picocli model at
 * build time (admin-cli/pom.xml, phase process-classes) and read back from the jar. Building the model of all
 * commands by reflection was most of the CPU time of {@code --help}, and picocli's classes cannot go into the
 * class-data archive (docs/benchmarks.md, "CLI start-up"). {@code TopLevelHelpTest} fails when the stored text
 * and the live model differ.
 */
public final class TopLevelHelp {
    /** Where the rendered text lives on the class path. */
    static final String RESOURCE = "jaring-help.txt";

    private TopLevelHelp() {}

    /** Whether {@code args} asks for nothing but the top-level help. */
    static boolean asked(String[] args) {
        return args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    }

    /** The help as the whole model prints it without colours: what the build stores. */
    static String render() {
        return JaringCli.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /**
     * Prints the stored text and returns true; false when the jar has none (a build that skipped the step), and the
     * caller then builds the model as for any other command line.
     */
    static boolean printStored(PrintStream out) {
        try (InputStream in = TopLevelHelp.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false;
            }
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Build step: writes the rendered text to OUTPUT_FOLDER/org/jaring/cli/jaring-help.txt. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TopLevelHelp CLASSES_FOLDER (the build's target/classes)");
        }
        Path file = Path.of(args[0], "org", "jaring", "cli", RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
