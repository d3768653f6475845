package org.jaring.core.trust;

import java.util.regex.Pattern;

/**
 * A node's identity, {@code <CC>-<UNIT>} (e.g. {@code TH-CCIB}). It is the key by which anchors are looked up,
 * so it is validated strictly: anything that is not exactly this shape is refused rather than normalised, which
 * keeps two spellings of one node from ever meaning two different trust entries.
 */
public record NodeId(String value) implements Comparable<NodeId> {

    private static final Pattern SHAPE = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,16}");

    public NodeId {
        if (value == null) {
            throw new IllegalArgumentException("node ID is missing");
        }
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid node ID '" + printable(value)
                    + "': expected <CC>-<UNIT>, CC two upper-case letters, UNIT 1-16 of [A-Z0-9] (e.g. TH-CCIB)");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    /** Two-letter country code. */
    public String country() {
        return value.substring(0, 2);
    }

    public String unit() {
        return value.substring(3);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    /** Error messages echo the rejected input; keep them one line and bounded so they cannot forge log lines. */
    public static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
