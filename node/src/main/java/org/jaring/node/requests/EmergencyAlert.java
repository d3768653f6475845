package org.jaring.node.requests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.jaring.core.text.SafeText;
import org.jaring.v1.ContactPoint;
import org.jaring.v1.CooperationRequest;

/**
 * Alerts the 24/7 contact point to an incoming emergency request: a WARNING line, a counter, and the configured
 * {@code requests.emergency_command}. The command is run exactly as configured (no shell, nothing appended to its
 * arguments or environment) and reads the request as one JSON object on standard input, so no text a peer wrote
 * can become an argument, an option, a variable or shell syntax. Field names are stable: docs/requests.md.
 */
final class EmergencyAlert {
    private static final Logger LOG = Logger.getLogger(EmergencyAlert.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Version of the JSON document; a change that removes or renames a field raises it. */
    static final int FORMAT = 1;

    private final List<String> command;
    private final MeterRegistry metrics;

    EmergencyAlert(List<String> command, MeterRegistry metrics) {
        this.command = List.copyOf(command);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** {@code request} has passed {@link RequestFields#checkEnvelope} and is stored. */
    void raise(CooperationRequest request) {
        LOG.warning("EMERGENCY cooperation request " + request.getRequestId() + " (" + request.getType() + ") from "
                + request.getRequestingNode() + ": justification " + SafeText.quote(request.getEmergencyJustification())
                + "; their contact: unit "
                + SafeText.quote(request.getContactPoint().getUnit(), 100) + " phone "
                + SafeText.quote(request.getContactPoint().getPhone(), 60));
        metrics.counter("jaring.requests.emergency.received", "from", request.getRequestingNode())
                .increment();
        if (command.isEmpty()) {
            return;
        }
        byte[] input = json(request);
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Thread alert = new Thread(() -> run(pb, input), "emergency-alert");
        alert.setDaemon(true);
        alert.start();
    }

    private void run(ProcessBuilder pb, byte[] input) {
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // The command may exit without reading its input; that is its choice, not a failure here.
                LOG.fine(() -> "emergency command did not read its input: " + e.getMessage());
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                LOG.warning("emergency command timed out after 60 s: " + command);
            } else if (p.exitValue() != 0) {
                LOG.warning("emergency command exited with " + p.exitValue() + ": " + command);
            }
        } catch (IOException e) {
            LOG.warning("emergency command failed to start: " + command + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The document the command reads: docs/requests.md, "The emergency command". */
    static byte[] json(CooperationRequest r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT);
        o.put("request_id", r.getRequestId());
        o.put("type", r.getType().name());
        o.put("legal_basis", r.getLegalBasis().name());
        o.put("requesting_node", r.getRequestingNode());
        o.put("requested_node", r.getRequestedNode());
        o.put("emergency", r.getEmergency());
        o.put("emergency_justification", r.getEmergencyJustification());
        o.put("issuing_authority", r.getIssuingAuthority());
        o.put("issuing_file_number", r.getIssuingFileNumber());
        o.put("summary_of_facts", r.getSummaryOfFacts());
        o.put("data_sought", r.getDataSought());
        o.put("confidential", r.getConfidential());
        o.put("created_at", Timestamps.toString(r.getCreatedAt()));
        o.put("deadline", Timestamps.toString(r.getDeadline()));
        o.put("analyst", r.getAnalyst());
        ContactPoint c = r.getContactPoint();
        ObjectNode contact = o.putObject("contact_point");
        contact.put("unit", c.getUnit());
        contact.put("phone", c.getPhone());
        contact.put("email", c.getEmail());
        contact.put("hours", c.getHours());
        ArrayNode languages = contact.putArray("languages");
        c.getLanguagesList().forEach(languages::add);
        try {
            return (JSON.writeValueAsString(o) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the emergency JSON", e);
        }
    }
}
