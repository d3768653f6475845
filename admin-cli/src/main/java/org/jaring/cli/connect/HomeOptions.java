package org.jaring.cli.connect;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jaring.cli.UserError;
import org.jaring.core.config.ConfigException;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.core.setup.NodeHome;
import picocli.CommandLine.Option;

/** Which node home a command works on: --home, else $JARING_HOME, else the current folder. */
public class HomeOptions {
    @Option(
            names = "--home",
            paramLabel = "DIR",
            description = "The node's home folder, as created by 'jaring node init' (default: the environment"
                    + " variable JARING_HOME, else the current folder).")
    Path homeOption;

    private NodeConfig config;

    public NodeHome home() {
        if (homeOption != null) {
            return new NodeHome(homeOption.toAbsolutePath().normalize());
        }
        String env = System.getenv("JARING_HOME");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of("");
        return new NodeHome(root.toAbsolutePath().normalize());
    }

    /** The home's node.yaml, read and checked once; a missing one says how to get one. */
    public NodeConfig config() {
        if (config == null) {
            NodeHome home = home();
            if (!Files.isRegularFile(home.config())) {
                throw new UserError(
                        "no node.yaml in " + home.root() + "; run 'jaring node init --home DIR ...' to"
                                + " create a node there, or pass --home (or set JARING_HOME) to the folder of an existing node");
            }
            try {
                config = NodeConfigLoader.load(home.config());
            } catch (ConfigException e) {
                throw new UserError(e.getMessage());
            }
        }
        return config;
    }
}
