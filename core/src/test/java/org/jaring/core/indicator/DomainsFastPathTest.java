package org.jaring.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass check for plain names answers exactly as the full rules would, or leaves the name to them. */
class DomainsFastPathTest {
    private static final String L63 = "a".repeat(63);

    private static void agrees(String name) throws InvalidIndicatorException {
        String fast = Domains.plainAscii(name);
        String full;
        try {
            full = Domains.canonicalFull(name);
        } catch (InvalidIndicatorException refused) {
            assertThat(fast)
                    .as("the full rules refuse %s, so the fast path must not answer", name)
                    .isNull();
            return;
        }
        if (fast != null) {
            assertThat(fast).as(name).isEqualTo(full);
        }
    }

    /**
     * A defanged name, or one ending in the root's dot, is answered by the fast path once that is undone; the
     * answer must be what the label-by-label rules give for the undone name (which has nothing to undo, so it
     * takes them).
     */
    private static boolean undoneNameTakesTheFastPath(String name) throws InvalidIndicatorException {
        String undone = name.replace("[.]", ".");
        if (undone.endsWith(".")) {
            undone = undone.substring(0, undone.length() - 1);
        }
        String fast = Domains.plainAscii(undone);
        if (undone.equals(name) || fast == null) {
            return false;
        }
        assertThat(Domains.canonicalFull(name)).as(name).isEqualTo(fast).isEqualTo(Domains.canonicalFull(undone));
        return true;
    }

    /**
     * A name as real lists spell them: lower or mixed case, hyphens, digits, one to three labels under a public
     * suffix; a third are defanged ("[.]"), some end in the root's dot, a few carry an underscore or a bad hyphen.
     */
    private static String generatedName(Random random) {
        String[] suffixes = {"com", "net", "org", "co.th", "go.th", "com.my", "gov.sg", "id", "vn", "ph", "xyz", "top"};
        String letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder();
        int labels = 1 + random.nextInt(3);
        for (int l = 0; l < labels; l++) {
            int length = 1 + random.nextInt(random.nextInt(10) == 0 ? 63 : 14);
            for (int c = 0; c < length; c++) {
                boolean inside = c > 0 && c < length - 1;
                int roll = random.nextInt(40);
                name.append(
                        inside && roll == 0
                                ? '-'
                                : roll == 1 && random.nextInt(20) == 0
                                        ? '_'
                                        : letters.charAt(random.nextInt(letters.length())));
            }
            name.append('.');
        }
        name.append(suffixes[random.nextInt(suffixes.length)]);
        String text = random.nextInt(8) == 0 ? name.toString().toUpperCase(Locale.ROOT) : name.toString();
        if (random.nextInt(3) == 0) {
            text = text.replace(".", "[.]");
        }
        return random.nextInt(10) == 0 ? text + "." : text;
    }

    @Test
    void edgeCasesAgreeWithTheFullRules() throws Exception {
        List<String> names = new ArrayList<>(List.of(
                "Example.COM",
                "a.b",
                "a.bc",
                "my_site.example.com",
                "my_site.com",
                "site.my_tld",
                "-a.example.com",
                "a-.example.com",
                "a--b.example.com",
                "xn--bcher-kva.de",
                "XN--BCHER-KVA.DE",
                "example.com.",
                "example..com",
                "example",
                ".example.com",
                "example.c0m",
                "example.123",
                "1.2.3.4",
                "_.example.com",
                "a_.example.com",
                L63 + ".com",
                L63 + "a.com",
                "www.example.co.th",
                "ex ample.com",
                "example[.]com",
                "EXAMPLE[.]COM.",
                "my_site[.]com",
                "a[.]b[.]c[.]",
                "bücher.de",
                "a.b.c.d.e.f.g.h.example.org"));
        names.add((L63 + ".").repeat(3) + "a".repeat(61) + ".com");
        names.add((L63 + ".").repeat(3) + "a".repeat(62) + ".com");
        Random random = new Random(20261128);
        for (int i = 0; i < 20_000; i++) {
            names.add(generatedName(random));
        }
        int fastAnswers = 0;
        for (String name : names) {
            agrees(name);
            if (Domains.plainAscii(name) != null) {
                fastAnswers++;
            }
        }
        assertThat(fastAnswers).as("most generated names take the fast path").isGreaterThan(10_000);
        int undone = 0;
        for (String name : names) {
            if (undoneNameTakesTheFastPath(name)) {
                undone++;
            }
        }
        assertThat(undone).as("defanged and root-dotted names checked").isGreaterThan(3_000);
        assertThat(Domains.canonical("Example.COM")).isEqualTo("example.com");
        assertThatThrownBy(() -> Domains.canonical("my_site.com")).hasMessageContaining("underscore");
    }
}
