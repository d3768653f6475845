package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/** The operations sections of node.yaml: {@code metrics} and {@code logging}, read and checked like the rest. */
record OpsSettings(NodeConfig.Metrics metrics, NodeConfig.LogSettings logging) {

    static OpsSettings read(
            ConfigReader r,
            JsonNode metricsNode,
            JsonNode loggingNode,
            Set<String> metricsKeys,
            Set<String> loggingKeys) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        if (metricsNode != null) {
            root.set("metrics", metricsNode);
        }
        if (loggingNode != null) {
            root.set("logging", loggingNode);
        }
        JsonNode m = r.object(root, "", "metrics", metricsKeys);
        boolean enabled = r.bool(m, "metrics", "enabled", NodeConfig.Metrics.DEFAULT.enabled());
        String listenText = r.string(
                m, "metrics", "listen", NodeConfig.Metrics.DEFAULT.listen().toString());
        HostPort listen = NodeConfig.Metrics.DEFAULT.listen();
        try {
            listen = HostPort.parse(listenText);
        } catch (IllegalArgumentException e) {
            r.problem("metrics.listen", e.getMessage());
        }

        JsonNode l = r.object(root, "", "logging", loggingKeys);
        String format = r.string(l, "logging", "format", "text").toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            r.problem("logging.format", "'" + format + "' is not a log format; use text or json");
            format = "text";
        }
        return new OpsSettings(new NodeConfig.Metrics(enabled, listen), new NodeConfig.LogSettings(format));
    }
}
