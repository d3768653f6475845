package org.jaring.cli.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reading and answering one HTTP exchange: JSON in, JSON or files out, failures as {"error": "..."}. */
final class Http {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Lookups of many values are the largest bodies; this is far above them and far below a memory problem. */
    static final int MAX_BODY = 4 << 20;

    private static final JsonFormat.Printer PROTO =
            JsonFormat.printer().includingDefaultValueFields().omittingInsignificantWhitespace();

    private Http() {}

    /** A failure the analyst can act on, answered with its HTTP status and message. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> q = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    static JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new Failure(415, "send the request body as application/json");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new Failure(413, "the request body is larger than " + MAX_BODY + " bytes; send fewer values");
            }
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new Failure(400, "the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Failure(400, "the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** A required text field of a JSON body, with a message naming it when absent. */
    static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || !n.isTextual() || n.asText().isBlank()) {
            throw new Failure(400, field + " is required");
        }
        return n.asText().strip();
    }

    static String optionalText(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n == null || !n.isTextual() ? "" : n.asText().strip();
    }

    static String proto(MessageOrBuilder message) {
        try {
            return PROTO.print(message);
        } catch (InvalidProtocolBufferException e) {
            // only an Any of an unknown type cannot be printed; the console's messages hold none
            throw new IllegalStateException(e);
        }
    }

    /**
     * Server-Timing: how long the console took before answering (the node's call included), so that the browser's own
     * timings tell the server's part from the network's and the page's (docs/console.md, "Tests and figures").
     */
    static void serverTiming(HttpExchange exchange) {
        if (exchange.getAttribute(STARTED) instanceof Long started) {
            double ms = (System.nanoTime() - started) / 1e6;
            exchange.getResponseHeaders()
                    .set("Server-Timing", String.format(java.util.Locale.ROOT, "console;dur=%.1f", ms));
        }
    }

    static void json(HttpExchange exchange, int status, String json) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", json.getBytes(StandardCharsets.UTF_8));
    }

    static void json(HttpExchange exchange, int status, Object value) throws IOException {
        json(exchange, status, JSON.writeValueAsString(value));
    }

    static void error(HttpExchange exchange, int status, String message) throws IOException {
        json(exchange, status, Map.of("error", message));
    }

    /** The exchange attribute that holds when the console began to answer it (System.nanoTime()). */
    static final String STARTED = "jaring.started";

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        serverTiming(exchange);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
