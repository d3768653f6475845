package org.jaring.cli;

import java.util.List;
import org.jaring.cli.alerts.AlertsCommand;
import org.jaring.cli.audit.AuditCommand;
import org.jaring.cli.backup.BackupCommand;
import org.jaring.cli.cases.CaseCommand;
import org.jaring.cli.cert.CertCommand;
import org.jaring.cli.console.ConsoleCommand;
import org.jaring.cli.demo.DemoCommand;
import org.jaring.cli.disclosures.DisclosuresCommand;
import org.jaring.cli.interop.ExportCommand;
import org.jaring.cli.interop.ImportCommand;
import org.jaring.cli.lookup.LookupCommand;
import org.jaring.cli.node.NodeCommand;
import org.jaring.cli.peers.PeersCommand;
import org.jaring.cli.request.RequestCommand;
import org.jaring.cli.request.RequestsCommand;
import org.jaring.cli.sighting.SightingCommand;
import org.jaring.cli.sync.SyncCommand;
import org.jaring.cli.trust.TrustCommand;
import org.jaring.node.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jaring}: the command line for a node's admins and analysts. Noun-verb, every command has --help. */
@Command(
        name = "jaring",
        mixinStandardHelpOptions = true,
        version = "jaring 0.1.0",
        description = "Jaring: a federated exchange of cybercrime case indicators between sovereign national"
                + " nodes. Each state runs its own node; nodes answer each other over mutual TLS, only with what"
                + " their sharing policy allows.",
        footer = {
            "",
            "Start with 'jaring node init --help'. Commands that talk to the node find it through the"
                    + " node home (--home, else $JARING_HOME, else the current folder) and connect with mutual TLS.",
            "Exit codes: 0 done, 1 refused or failed, 2 usage error, 3 node unreachable."
        })
public final class JaringCli {
    /** The commands under {@code jaring}, in the order --help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(
            NodeCommand.class,
            CertCommand.class,
            TrustCommand.class,
            PeersCommand.class,
            CaseCommand.class,
            LookupCommand.class,
            DisclosuresCommand.class,
            ImportCommand.class,
            ExportCommand.class,
            SyncCommand.class,
            AlertsCommand.class,
            ConsoleCommand.class,
            SightingCommand.class,
            BackupCommand.class,
            DemoCommand.class,
            AuditCommand.class,
            RequestCommand.class,
            RequestsCommand.class,
            CommandLine.HelpCommand.class,
            // 'jaring generate-completion': the bash/zsh completion script, from this same model (docs/operations.md)
            picocli.AutoComplete.GenerateCompletion.class);

    public static void main(String[] args) {
        if (TopLevelHelp.asked(args) && TopLevelHelp.printStored(System.out)) {
            System.exit(0);
        }
        Logging.configureForCommandLine();
        System.exit(commandLine(args).execute(args));
    }

    /** The whole model: every command (help, completion, manual pages and the tests use this one). */
    public static CommandLine commandLine() {
        return withHandlers(withCommands(new CommandLine(new JaringCli()), COMMANDS));
    }

    /**
     * The model a command line needs: when it starts with a command's name, only that command (and those under
     * it). picocli builds the model of every command it is given, by reflection, before it parses: that was
     * two thirds of the CPU time of a short command (docs/benchmarks.md, "CLI start-up"). Anything else
     * (--help, a misspelt command that needs the "did you mean") gets the whole model.
     */
    static CommandLine commandLine(String[] args) {
        if (args.length > 0) {
            for (Class<?> c : COMMANDS) {
                Command command = c.getAnnotation(Command.class);
                // help and generate-completion read the whole model
                boolean readsTheModel =
                        c == CommandLine.HelpCommand.class || c == picocli.AutoComplete.GenerateCompletion.class;
                if (command != null && command.name().equals(args[0]) && !readsTheModel) {
                    return withHandlers(withCommands(new CommandLine(new JaringCli()), List.of(c)));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine withCommands(CommandLine cli, List<Class<?>> commands) {
        for (Class<?> c : commands) {
            cli.addSubcommand(c);
        }
        return cli;
    }

    private static CommandLine withHandlers(CommandLine cli) {
        cli.setExecutionExceptionHandler(new CliErrors());
        cli.setParameterExceptionHandler(new UsageErrors());
        return cli;
    }
}
