package org.jaring.node;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.jaring.core.config.ConfigException;
import org.jaring.core.config.NodeConfig;
import org.jaring.core.config.NodeConfigLoader;
import org.jaring.node.server.JaringNode;

/** {@code java -jar jaring-node.jar CONFIG.yaml}: runs one node until SIGTERM or SIGINT. */
public final class NodeMain {
    private NodeMain() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 || args[0].startsWith("-")) {
            System.err.println("usage: java -jar jaring-node.jar CONFIG.yaml\n"
                    + "  Runs one Jaring node. CONFIG.yaml is described in docs/operations.md; configs/ has examples.");
            System.exit(args.length == 1 && (args[0].equals("--help") || args[0].equals("-h")) ? 0 : 2);
        }
        Logging.configure();
        NodeConfig config;
        try {
            config = NodeConfigLoader.load(Path.of(args[0]));
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Logging.useFormat(config.logging().format());
        JaringNode node;
        try {
            node = JaringNode.start(config);
        } catch (RuntimeException e) {
            System.err.println("node " + config.nodeId() + " did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            node.close();
                            stopped.countDown();
                        },
                        "jaring-shutdown"));
        System.out.println("node " + config.nodeId() + " ready: peer "
                + config.listen().peer().host() + ":"
                + node.peerPort() + ", national " + config.listen().national().host() + ":" + node.nationalPort()
                + ", admin " + config.listen().admin().host() + ":" + node.adminPort());
        stopped.await();
    }
}
