package org.jaring.node.hostile;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * Seeded hostile requests for any message type, from its descriptor: random fields with the values that break
 * parsers and logs (control and bidi characters, huge and negative numbers, unknown enum numbers, long strings,
 * path and template text, deep nesting), and byte-level mutations of such messages (flips, cuts, insertions,
 * repeats) that are often no longer valid protobuf.
 */
final class RandomMessages {
    private static final String[] NASTY = {
        "",
        " ",
        "\r\nINFO forged log line",
        "\u0000",
        "\u001b[31mred\u001b[0m",
        "\u202egnp.exe",
        "../../etc/passwd",
        "${jndi:ldap://127.0.0.1/x}",
        "%s%s%n",
        "'; DROP TABLE cases; --",
        "evil.example",
        "+6621234567",
        "ETH:0x52908400098527886E0F7030069857D2E4169EE7",
        "a@b.example",
        "10.0.0.1/8",
        "\uffff",
        "TH-CCIB",
        "MY-PDRM",
        "urn:jaring:node:MY-PDRM",
        "xn--",
        "http://evil.example\\@good.example/",
    };

    private RandomMessages() {}

    static DynamicMessage message(Descriptor type, Random rnd, int depth) {
        DynamicMessage.Builder b = DynamicMessage.newBuilder(type);
        for (FieldDescriptor f : type.getFields()) {
            if (rnd.nextInt(3) == 0 || (depth > 3 && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)) {
                continue;
            }
            int n = f.isRepeated() ? rnd.nextInt(rnd.nextInt(10) == 0 ? 600 : 4) : 1;
            for (int i = 0; i < n; i++) {
                Object v = value(f, rnd, depth);
                if (f.isRepeated()) {
                    b.addRepeatedField(f, v);
                } else {
                    b.setField(f, v);
                }
            }
        }
        return b.build();
    }

    private static Object value(FieldDescriptor f, Random rnd, int depth) {
        return switch (f.getJavaType()) {
            case INT -> new int[] {0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, rnd.nextInt()}[rnd.nextInt(6)];
            case LONG -> new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, rnd.nextLong()}[rnd.nextInt(6)];
            case FLOAT -> new float[] {0, -1, Float.NaN, Float.MAX_VALUE, rnd.nextFloat()}[rnd.nextInt(5)];
            case DOUBLE -> new double[] {0, -1, Double.NaN, Double.MAX_VALUE, rnd.nextDouble()}[rnd.nextInt(5)];
            case BOOLEAN -> rnd.nextBoolean();
            case STRING -> string(rnd);
            case BYTE_STRING -> {
                byte[] bytes = new byte[rnd.nextInt(rnd.nextInt(10) == 0 ? 70_000 : 300)];
                rnd.nextBytes(bytes);
                yield ByteString.copyFrom(bytes);
            }
            case ENUM ->
                rnd.nextInt(3) == 0
                        ? f.getEnumType()
                                .findValueByNumberCreatingIfUnknown(rnd.nextInt(3) == 0 ? -1 : rnd.nextInt(1000))
                        : f.getEnumType()
                                .getValues()
                                .get(rnd.nextInt(f.getEnumType().getValues().size()));
            case MESSAGE -> message(f.getMessageType(), rnd, depth + 1);
        };
    }

    private static String string(Random rnd) {
        return switch (rnd.nextInt(6)) {
            case 0 -> NASTY[rnd.nextInt(NASTY.length)];
            case 1 -> UUID.randomUUID().toString();
            case 2 -> "x".repeat(rnd.nextInt(rnd.nextInt(8) == 0 ? 200_000 : 3_000));
            case 3 -> {
                StringBuilder s = new StringBuilder();
                for (int i = 0, n = rnd.nextInt(64); i < n; i++) {
                    s.appendCodePoint(rnd.nextInt(4) == 0 ? rnd.nextInt(0x20) : rnd.nextInt(0x2FFFF));
                }
                yield s.toString().replaceAll("[\\ud800-\\udfff]", "?"); // protobuf strings must be valid UTF-8
            }
            default -> NASTY[rnd.nextInt(NASTY.length)] + rnd.nextInt(1000) + NASTY[rnd.nextInt(NASTY.length)];
        };
    }

    /** {@code bytes} after a few random flips, cuts, insertions and repeats. */
    static byte[] mutate(byte[] bytes, Random rnd) {
        byte[] out = bytes.length == 0 ? new byte[] {(byte) rnd.nextInt()} : bytes.clone();
        for (int k = 0, n = 1 + rnd.nextInt(4); k < n; k++) {
            int at = rnd.nextInt(out.length);
            switch (rnd.nextInt(5)) {
                case 0 -> out[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> out = Arrays.copyOf(out, Math.max(1, at));
                case 2 -> {
                    byte[] ins = new byte[1 + rnd.nextInt(16)];
                    rnd.nextBytes(ins);
                    out = splice(out, at, ins);
                }
                case 3 -> out = splice(out, at, Arrays.copyOfRange(out, at, Math.min(out.length, at + 32)));
                default -> out[at] = (byte) new int[] {0x00, 0x7f, 0x80, 0xff}[rnd.nextInt(4)];
            }
        }
        return out;
    }

    private static byte[] splice(byte[] a, int at, byte[] ins) {
        byte[] out = new byte[a.length + ins.length];
        System.arraycopy(a, 0, out, 0, at);
        System.arraycopy(ins, 0, out, at, ins.length);
        System.arraycopy(a, at, out, at + ins.length, a.length - at);
        return out;
    }
}
