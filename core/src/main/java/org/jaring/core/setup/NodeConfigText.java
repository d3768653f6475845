package org.jaring.core.setup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.jaring.core.config.HostPort;

/** The node.yaml that {@code node init} writes: every setting spelled out, relative to the node's home. */
final class NodeConfigText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeConfigText() {}

    static String of(NodeInit.Options o) {
        return "# Jaring node configuration, written by 'jaring node init'. docs/operations.md documents every key.\n"
                + "node_id: " + o.nodeId() + "\n"
                + "country: " + o.country() + "\n"
                + "data_dir: data\n"
                + "contact:                      # this node's 24/7 point of contact, sent to peers with every hit\n"
                + "  unit: " + quote(o.unit()) + "\n"
                + "  phone: " + quote(o.phone()) + "\n"
                + "  email: " + quote(o.email()) + "\n"
                + "  hours: \"24/7\"\n"
                + "  languages: " + list(o.languages()) + "\n"
                + "listen:\n"
                + "  peer: " + quote(o.peerListen())
                + "          # peers connect here (mutual TLS, node certificates)\n"
                + "  national: " + quote(o.nationalListen())
                + "  # your analysts and tools (mutual TLS, analyst certificates)\n"
                + "  admin: " + quote(o.adminListen()) + "     # the jaring CLI (mutual TLS, admin certificates)\n"
                + "tls:\n"
                + "  provider: JDK                # or BCJSSE\n"
                + "  ca_certificate: pki/ca.pem\n"
                + "  node_certificate: pki/node.pem\n"
                + "  node_key: pki/node.key\n"
                + "  trust_dir: trust\n"
                + "limits:\n"
                + "  max_message_bytes: 4194304\n"
                + "  max_batch_values: 10000\n"
                + "peer_budgets:                 # what ONE peer may use of this node; docs/operations.md lists every method\n"
                + "  concurrent_calls: 16\n"
                + "  lookup: {calls_per_second: 100, burst_calls: 200, values_per_second: 5000, burst_values: 10000}\n"
                + "federation:\n"
                + "  default_deadline: 2s\n"
                + "  revocation_refresh: 30s\n"
                + "sync:                         # feed sync: peers' shared items pulled into this node\n"
                + "  interval: 30s\n"
                + "  batch_items: 5000\n"
                + "sightings:\n"
                + "  accept: true                 # count peers' sightings of this node's indicators\n"
                + "# warninglists_dir: warninglists  # your own MISP-format warninglists instead of the bundled ones\n"
                + "expiry_purge_interval: 1m\n"
                + "metrics:                      # Prometheus text format over plain HTTP at /metrics: keep it on loopback\n"
                + "  enabled: true\n"
                + "  listen: " + quote(metricsListen(o.adminListen())) + "\n"
                + "logging:\n"
                + "  format: text                 # or json: one object per line (time, level, logger, message, thread)\n";
    }

    /**
     * 127.0.0.1:9464 beside the default admin port; any free port when the listeners use port 0 (tests);
     * the port after the admin port otherwise, so several nodes on one machine do not collide.
     */
    static String metricsListen(String adminListen) {
        int port;
        try {
            port = HostPort.parse(adminListen).port();
        } catch (IllegalArgumentException e) {
            port = 7402;
        }
        return "127.0.0.1:" + (port == 0 ? 0 : port == 7402 ? 9464 : Math.min(65535, port + 1));
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s == null ? "" : s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String list(List<String> items) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(items.get(i)));
        }
        return b.append(']').toString();
    }
}
