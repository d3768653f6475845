package org.jaring.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's own files keep the rules that make hostile data harmless and the console work offline: no HTML built
 * from strings, no code from strings, nothing fetched from outside the machine, no inline script, style or handler.
 */
class ConsoleFilesTest {
    private static final Path ROOT = Path.of("src", "main", "resources", "console");

    private static List<Path> files() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void noFileBuildsHtmlOrCodeFromStringsOrLoadsAnythingFromOutside() throws IOException {
        List<Path> files = files();
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("index.html", "app.js", "dom.js");
        Pattern forbidden = Pattern.compile(
                "innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function|setTimeout\\(['\"]"
                        // the SVG namespace is a name that createElementNS needs, never fetched
                        + "|https?://(?!127\\.0\\.0\\.1|www\\.w3\\.org/2000/svg')|//cdn|@import|url\\(");
        for (Path f : files) {
            String text = Files.readString(f);
            assertThat(forbidden.matcher(text).find())
                    .as(
                            "%s uses %s",
                            f,
                            forbidden
                                    .matcher(text)
                                    .results()
                                    .map(r -> r.group())
                                    .toList())
                    .isFalse();
        }
    }

    @Test
    void everyModuleIsPreloadedByThePageSoThatNoneWaitsForTheOneThatImportsIt() throws IOException {
        String html = Files.readString(ROOT.resolve("index.html"));
        for (Path f : files()) {
            if (f.toString().endsWith(".js")) {
                String name = ROOT.relativize(f).toString().replace('\\', '/');
                assertThat(html)
                        .as("index.html preloads %s", name)
                        .contains("<link rel=\"modulepreload\" href=\"/" + name + "\">");
            }
        }
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandler() throws IOException {
        String html = Files.readString(ROOT.resolve("index.html"));
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find())
                .as("inline script")
                .isFalse();
        assertThat(html).doesNotContain("<style").doesNotContain(" style=");
        assertThat(Pattern.compile("\\son[a-z]+=").matcher(html).find())
                .as("on* handler")
                .isFalse();
        assertThat(html).doesNotContain("javascript:");
    }

    @Test
    void theGuardsPolicyForbidsInlineCodeAndFraming() {
        assertThat(ConsoleGuard.CSP)
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval")
                .doesNotContain("http");
    }

    @Test
    void theOneTimeTokenWorksOnceAndSessionsAreUnguessable() {
        ConsoleGuard guard = new ConsoleGuard();
        String token = guard.token();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes
        assertThat(guard.redeem("wrong")).isEmpty();
        var session = guard.redeem(token);
        assertThat(session).isPresent();
        assertThat(guard.redeem(token)).isEmpty();
        assertThat(session.get().id()).isNotEqualTo(session.get().csrf());
        assertThat(ConsoleGuard.cookie(session.get())).contains("HttpOnly").contains("SameSite=Strict");
    }
}
