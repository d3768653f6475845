package org.jaring.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jaring.core.vocab.LegalBases;
import org.jaring.v1.LegalBasis;
import org.jaring.v1.RequestType;

/**
 * The {@code requests} section of node.yaml: default deadlines per request type and the command that alerts
 * the 24/7 contact point on an incoming emergency request.
 *
 * <pre>
 * requests:
 *   deadlines: {EXPEDITED_PRESERVATION: 24h, EMERGENCY_DISCLOSURE: 8h}
 *   legal_basis_deadlines: {asean-mlat: {MUTUAL_LEGAL_ASSISTANCE: 60d}}
 *   emergency_command: [/usr/local/bin/page-duty-officer]
 * </pre>
 */
public record RequestSettings(
        Map<RequestType, Duration> deadlines,
        Map<LegalBasis, Map<RequestType, Duration>> legalBasisDeadlines,
        List<String> emergencyCommand,
        Duration deliveryTimeout) {
    private static final Set<String> KEYS =
            Set.of("deadlines", "legal_basis_deadlines", "emergency_command", "delivery_timeout");

    /**
     * How long one delivery of a request or transition to a peer may take before it is left in the outbox for the
     * next attempt. Each peer has its own outbox pass, so a slow peer holds back only its own messages.
     */
    public static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofSeconds(5);

    private static final Duration MAX_DELIVERY_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    /** Defaults and their sources: docs/requests.md. */
    public static final Map<RequestType, Duration> DEFAULT_DEADLINES = defaults();

    private static Map<RequestType, Duration> defaults() {
        Map<RequestType, Duration> d = new EnumMap<>(RequestType.class);
        d.put(RequestType.EXPEDITED_PRESERVATION, Duration.ofHours(24));
        d.put(RequestType.PRESERVED_TRAFFIC_DISCLOSURE, Duration.ofDays(10));
        d.put(RequestType.SUBSCRIBER_INFORMATION, Duration.ofDays(30));
        d.put(RequestType.DOMAIN_REGISTRATION, Duration.ofDays(30));
        d.put(RequestType.EMERGENCY_DISCLOSURE, Duration.ofHours(8));
        d.put(RequestType.SPONTANEOUS_INFORMATION, Duration.ofDays(30));
        d.put(RequestType.MUTUAL_LEGAL_ASSISTANCE, Duration.ofDays(90));
        return Map.copyOf(d);
    }

    /** Budapest Convention art. 29(7): preserved data are kept at least 60 days. */
    public static final Duration MINIMUM_PRESERVATION = Duration.ofDays(60);

    public static final RequestSettings DEFAULT =
            new RequestSettings(DEFAULT_DEADLINES, Map.of(), List.of(), DEFAULT_DELIVERY_TIMEOUT);

    public Duration deadline(RequestType type) {
        return deadlines.getOrDefault(type, DEFAULT_DEADLINES.get(type));
    }

    /** The deadline for a type under a legal basis: the basis's own setting if any, else the type's. */
    public Duration deadline(RequestType type, LegalBasis basis) {
        Duration d = legalBasisDeadlines.getOrDefault(basis, Map.of()).get(type);
        return d != null ? d : deadline(type);
    }

    /** A problem with one field of the section. */
    public record Problem(String field, String text) {}

    /** The settings in {@code node} (the value of {@code requests}, may be null), adding any problem to {@code problems}. */
    public static RequestSettings read(JsonNode node, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return DEFAULT;
        }
        if (!node.isObject()) {
            problems.add(new Problem("requests", "must be a mapping"));
            return DEFAULT;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                problems.add(new Problem(
                        "requests." + k,
                        "unknown key; known: "
                                + String.join(", ", KEYS.stream().sorted().toList())));
            }
        }
        Map<RequestType, Duration> deadlines = new EnumMap<>(DEFAULT_DEADLINES);
        deadlines.putAll(typeDurations(node.get("deadlines"), "requests.deadlines", problems));
        Map<LegalBasis, Map<RequestType, Duration>> byBasis = new EnumMap<>(LegalBasis.class);
        JsonNode lb = node.get("legal_basis_deadlines");
        if (lb != null && !lb.isNull()) {
            if (!lb.isObject()) {
                problems.add(
                        new Problem("requests.legal_basis_deadlines", "must be a mapping of legal basis to deadlines"));
            } else {
                for (Map.Entry<String, JsonNode> e : lb.properties()) {
                    String field = "requests.legal_basis_deadlines." + e.getKey();
                    try {
                        byBasis.put(
                                LegalBases.parse(e.getKey()), Map.copyOf(typeDurations(e.getValue(), field, problems)));
                    } catch (IllegalArgumentException ex) {
                        problems.add(new Problem(field, ex.getMessage()));
                    }
                }
            }
        }
        List<String> command = new ArrayList<>();
        JsonNode c = node.get("emergency_command");
        if (c != null && !c.isNull()) {
            if (!c.isArray() || c.isEmpty()) {
                problems.add(
                        new Problem("requests.emergency_command", "must be a non-empty list: program and arguments"));
            } else {
                c.forEach(x -> command.add(x.asText()));
            }
        }
        Duration deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
        JsonNode t = node.get("delivery_timeout");
        if (t != null && !t.isNull()) {
            try {
                deliveryTimeout = parseDuration(t.asText());
                if (deliveryTimeout.compareTo(Duration.ofMillis(100)) < 0
                        || deliveryTimeout.compareTo(MAX_DELIVERY_TIMEOUT) > 0) {
                    problems.add(new Problem(
                            "requests.delivery_timeout",
                            "must be between 100ms and 10m, e.g. 5s (the default) or 30s"));
                    deliveryTimeout = DEFAULT_DELIVERY_TIMEOUT;
                }
            } catch (IllegalArgumentException ex) {
                problems.add(new Problem("requests.delivery_timeout", ex.getMessage()));
            }
        }
        return new RequestSettings(Map.copyOf(deadlines), Map.copyOf(byBasis), List.copyOf(command), deliveryTimeout);
    }

    private static Map<RequestType, Duration> typeDurations(JsonNode d, String field, List<Problem> problems) {
        Map<RequestType, Duration> out = new EnumMap<>(RequestType.class);
        if (d == null || d.isNull()) {
            return out;
        }
        if (!d.isObject()) {
            problems.add(new Problem(field, "must be a mapping of request type to duration"));
            return out;
        }
        for (Map.Entry<String, JsonNode> e : d.properties()) {
            RequestType type = type(e.getKey());
            if (type == null) {
                problems.add(new Problem(
                        field + "." + e.getKey(), "not a request type; use one of " + String.join(", ", typeNames())));
                continue;
            }
            try {
                out.put(type, parseDuration(e.getValue().asText()));
            } catch (IllegalArgumentException ex) {
                problems.add(new Problem(field + "." + e.getKey(), ex.getMessage()));
            }
        }
        return out;
    }

    /** Reads the section from a node.yaml file (null: defaults). The loader has validated it already. */
    public static RequestSettings load(Path configFile) {
        if (configFile == null || !Files.isRegularFile(configFile)) {
            return DEFAULT;
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(configFile));
            List<Problem> problems = new ArrayList<>();
            RequestSettings s = read(root == null ? null : root.get("requests"), problems);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(configFile + ": " + problems);
            }
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestType type(String name) {
        for (RequestType t : RequestType.values()) {
            if (t != RequestType.UNRECOGNIZED
                    && t != RequestType.REQUEST_TYPE_UNSPECIFIED
                    && t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        return null;
    }

    public static List<String> typeNames() {
        return Arrays.stream(RequestType.values())
                .filter(t -> t != RequestType.UNRECOGNIZED && t != RequestType.REQUEST_TYPE_UNSPECIFIED)
                .map(Enum::name)
                .toList();
    }

    /** "24h", "60d", "8h", "30m", "5s", "500ms". */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 24h, 30d, 8h, 90s");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero() || d.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("'" + text + "' must be more than 0 and at most 3650d");
        }
        return d;
    }
}
