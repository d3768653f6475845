package org.jaring.node;

import java.nio.file.Path;
import org.jaring.node.config.NodeConfig;
import org.jaring.node.config.NodeConfigLoader;

/** Node configurations for tests: a temp data folder and an ephemeral loopback port. */
public final class TestConfigs {
    private TestConfigs() {
    }

    public static String yaml(String nodeId, Path dataDir, String extra) {
        return "node_id: " + nodeId + "\n"
                + "country: " + nodeId.substring(0, 2) + "\n"
                + "data_dir: " + dataDir + "\n"
                + "contact:\n  unit: Cyber Crime Unit\n  phone: \"+6621234567\"\n  email: cc247@example.org\n"
                + "  languages: [en]\n"
                + "listen:\n  national: 127.0.0.1:0\n"
                + extra;
    }

    public static NodeConfig config(String nodeId, Path dataDir, String extra) {
        return NodeConfigLoader.parse(yaml(nodeId, dataDir, extra), "test", dataDir);
    }

    public static NodeConfig config(String nodeId, Path dataDir) {
        return config(nodeId, dataDir, "");
    }
}
