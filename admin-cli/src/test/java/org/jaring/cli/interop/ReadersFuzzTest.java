package org.jaring.cli.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.jaring.cli.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of the readers: random bytes and mutations of valid files end in a result or a clean refusal
 * (UserError, a refused item), never another exception; and a CSV the whole-file check accepts never fails
 * half-way through the real read, so nothing of a refused file is stored. Seeds are fixed: a failure repeats.
 */
class ReadersFuzzTest {
    private static final long SEED = 0x4A4152494E47L;

    @TempDir
    Path dir;

    private static String mutate(Random rnd, String valid) {
        StringBuilder b = new StringBuilder(valid);
        int edits = 1 + rnd.nextInt(4);
        String alphabet = "[]()'\\\":,{}|.=<>ANDOR 0123456789abcxyz\u00a0\u200b\uFEFF\n\r\"";
        for (int e = 0; e < edits && b.length() > 0; e++) {
            int at = rnd.nextInt(b.length());
            switch (rnd.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                default -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
        }
        return b.toString();
    }

    @Test
    void mutatedPatternsParseOrFailWithASyntaxError() {
        Random rnd = new Random(SEED);
        String[] valid = {
            "[ipv4-addr:value = '198.51.100.1'] OR [url:value = 'http://a.example/it\\'s']",
            "[network-traffic:dst_ref.value = '198.51.100.9' AND network-traffic:dst_port = 443]",
            "[file:hashes.'SHA-256' = 'ab'] WITHIN 300 SECONDS",
        };
        for (int i = 0; i < 20_000; i++) {
            String p = mutate(rnd, valid[i % valid.length]);
            try {
                StixPattern.parse(p);
            } catch (StixPattern.SyntaxError expected) {
                assertThat(expected.getMessage()).contains("at character");
            }
        }
    }

    @Test
    void mutatedStixAndMispFilesAreReadOrRefusedCleanly() {
        Random rnd = new Random(SEED + 1);
        String bundle = StixWriter.bundle("TH-CCIB", "case:F", RoundTripTest.records(), java.time.Instant.EPOCH)
                .toString();
        String event = MispWriter.event("TH-CCIB", "case:F", "f", RoundTripTest.records(), java.time.Instant.EPOCH)
                .event()
                .toString();
        int parsed = 0;
        for (int i = 0; i < 3_000; i++) {
            boolean stix = i % 2 == 0;
            String text = mutate(rnd, stix ? bundle : event);
            JsonNode root;
            try {
                root = Read.JSON.readTree(text);
            } catch (Exception notJson) {
                continue; // the import reports broken JSON with its location before any reader runs
            }
            parsed++;
            try {
                ParsedFile f = stix ? StixReader.read(root) : MispReader.readEvents(root);
                Read.check(f::replay, null);
            } catch (UserError refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
        assertThat(parsed).isGreaterThan(1_000);
    }

    @Test
    void randomBytesAndMutatedCsvEitherReadWholeOrAreRefusedBeforeAnythingIsSent() throws Exception {
        Random rnd = new Random(SEED + 2);
        String valid = "type,value,tlp,note\n"
                + "domain,a.example,GREEN,\"a, b\"\n"
                + "ip-dst|port,198.51.100.3|53,RED,\n"
                + ",198.51.100.1:8080,,\"two\nlines\"\n"
                + "phone,+33 6 12 34 56 78,AMBER,x\n";
        for (int i = 0; i < 1_500; i++) {
            byte[] content;
            if (i % 3 == 0) {
                content = new byte[rnd.nextInt(300)];
                rnd.nextBytes(content);
                if (i % 2 == 0) {
                    content = concat("value\n".getBytes(StandardCharsets.UTF_8), content); // past the header
                }
            } else {
                content = mutate(rnd, valid).getBytes(StandardCharsets.UTF_8);
                if (i % 5 == 0 && content.length > 0) {
                    content[rnd.nextInt(content.length)] = (byte) (0x80 + rnd.nextInt(128));
                }
            }
            Path f = dir.resolve("fuzz-" + i + ".csv");
            Files.write(f, content);
            boolean wholeOk;
            try {
                ImportCommand.checkWhole(f, Map.of());
                wholeOk = true;
            } catch (UserError refused) {
                wholeOk = false;
            }
            try {
                Read.csv(f, null);
                assertThat(wholeOk)
                        .as("read succeeded, so the whole-file check must have")
                        .isTrue();
            } catch (UserError refused) {
                // The import would have stopped at the whole-file check, before sending anything.
                assertThat(wholeOk)
                        .as("a file that fails half-way must fail the check first: " + refused)
                        .isFalse();
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
