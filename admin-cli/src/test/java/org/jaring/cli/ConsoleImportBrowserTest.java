package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jaring.cli.console.ConsoleCommand;
import org.jaring.cli.console.ConsoleServer;
import org.jaring.core.Await;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.v1.Case;
import org.jaring.v1.GetCaseRequest;
import org.jaring.v1.Indicator;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.PutCaseRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import picocli.CommandLine;

/**
 * Importing by upload on the console's Cases page, in a real headless Chromium against a real node, with an
 * analyst's certificate: a generated CSV into an existing case and a generated STIX bundle into a new one, each with
 * bad rows; the progress reaches 100 %, the counts and every refusal (a hostile one as text) are shown, and the
 * stored indicators are on the case. Then the server's own limits, asked by hand: the upload cap (413), the CSRF
 * token, a malformed file (refused whole, nothing stored, no case created).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleImportBrowserTest {
    /** A refused row's value, as an attacker would write it. */
    private static final String HOSTILE = "<img src=x onerror=alert(7)><script>alert(8)</script>\u202Egpj.exe";

    private static final int CAP = 256 << 10;
    private static final int GOOD_CSV = 300;

    private Path dir;
    private CliNode th;
    private ConsoleServer console;
    private ConsoleBrowser browser;
    private ManagedChannel channel;
    private NationalServiceGrpc.NationalServiceBlockingStub admin;

    @BeforeAll
    void network(@TempDir Path tmp) throws Exception {
        dir = tmp;
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").start();
        th.offline("cert", "issue", "--role", "analyst", "--name", "malee").ok();
        channel = OwnNodeClient.open(
                th.home.trustDir(),
                "127.0.0.1",
                th.node().nationalPort(),
                th.home.clientCertificate("admin"),
                th.home.clientKey("admin"),
                null);
        admin = NationalServiceGrpc.newBlockingStub(channel);
        admin.putCase(PutCaseRequest.newBuilder()
                .setCase(Case.newBuilder().setCaseId("TH-7").setTitle("Call-centre gang"))
                .build());
        ConsoleCommand command = new ConsoleCommand();
        new CommandLine(command)
                .parseArgs(
                        "--home",
                        th.root.toString(),
                        "--national",
                        "127.0.0.1:" + th.node().nationalPort(),
                        "--cert",
                        th.home.clientCertificate("malee").toString(),
                        "--key",
                        th.home.clientKey("malee").toString(),
                        "--max-upload",
                        "256KiB");
        console = command.start();
        browser = new ConsoleBrowser();
        browser.login(console.loginUrl());
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {browser, console, th}) {
            if (c != null) {
                c.close();
            }
        }
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    private Set<String> stored(String caseId) {
        Set<String> out = new HashSet<>();
        for (Indicator i : admin.getCase(
                        GetCaseRequest.newBuilder().setCaseId(caseId).build())
                .getIndicatorsList()) {
            out.add(i.getValue());
        }
        return out;
    }

    /** Chooses {@code file} in the page's file input and presses Import; waits for the report. */
    private void importFile(Path file) {
        ConsoleBrowser b = browser;
        b.find("#import-file").sendKeys(file.toAbsolutePath().toString());
        b.click("#import-submit");
        b.wait.until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phase-done")),
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".phase-failed")),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        assertThat(b.find("#error").isDisplayed())
                .as(b.find("#error").getText())
                .isFalse();
    }

    private String count(String name) {
        return browser.find("#import-counts .count-" + name + " b").getText();
    }

    @Test
    @Order(1)
    void aCsvWithBadRowsIsImportedIntoAnExistingCaseWithItsProgressCountsAndRefusalsShown() throws Exception {
        Path csv = dir.resolve("scams.csv");
        List<String> lines = new ArrayList<>(List.of("type,value,offence,confidence,note"));
        Set<String> good = new HashSet<>();
        for (int i = 0; i < GOOD_CSV; i++) {
            lines.add("domain,scam-" + i + ".example,CC.FRAUD,70,row " + i);
            good.add("scam-" + i + ".example");
        }
        lines.add("ipv4,10.0.0.999,CC.FRAUD,80,"); // line 302: not an address
        lines.add("domain,bad-score.example,CC.FRAUD,high,"); // line 303: confidence not a number
        lines.add("fax,\"" + HOSTILE + "\",CC.FRAUD,80,"); // line 304: no such type, hostile value
        lines.add("domain,SCAM-0.Example,CC.FRAUD,70,"); // line 305: row 2 again, spelled otherwise
        Files.write(csv, lines, StandardCharsets.UTF_8);

        ConsoleBrowser b = browser;
        b.click("nav [data-page=cases]");
        b.waitFor(By.cssSelector("tr.case"));
        new Select(b.find("#import-case")).selectByValue("TH-7");
        importFile(csv);

        assertThat(b.find("#import-phase").getText()).isEqualTo("Imported");
        assertThat(b.find("#import-bar").getAttribute("value")).isEqualTo("100");
        assertThat(b.find("#import-percent").getText()).isEqualTo("100%");
        assertThat(count("format")).isEqualTo("csv");
        assertThat(count("stored")).isEqualTo(String.valueOf(GOOD_CSV));
        assertThat(count("refused")).isEqualTo("3");
        assertThat(count("duplicates")).isEqualTo("1");
        List<WebElement> refusals = b.all("#import-report tr.refusal");
        assertThat(refusals).hasSize(3);
        assertThat(refusals.get(0).getText()).contains("line 302").contains("10.0.0.999");
        assertThat(refusals.get(1).getText()).contains("line 303").contains("high");
        WebElement hostile = refusals.get(2);
        assertThat(hostile.getText()).contains("line 304");
        assertThat(hostile.findElement(By.cssSelector("bdi.value")).getAttribute("textContent"))
                .isEqualTo(HOSTILE);
        assertThat(b.all("img")).isEmpty();
        assertThat(b.all("script")).hasSize(1);
        assertThat(b.dialogOpen()).isFalse();

        // the case opens with what was stored, and the node holds exactly the good rows
        b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#case-detail tr.indicator"), GOOD_CSV));
        assertThat(b.find("#case-detail bdi.case-id").getText()).isEqualTo("TH-7");
        assertThat(stored("TH-7")).isEqualTo(good);
        b.screenshot("cases-import-csv");
    }

    private static String stixIndicator(int n, String pattern) {
        return "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--"
                + String.format("%08d-1111-4111-8111-111111111111", n) + "\",\"created\":\"2026-11-01T00:00:00Z\","
                + "\"modified\":\"2026-11-01T00:00:00Z\",\"valid_from\":\"2026-11-01T00:00:00Z\","
                + "\"pattern_type\":\"stix\",\"pattern\":"
                + new ObjectMapper().getNodeFactory().textNode(pattern)
                + "}";
    }

    @Test
    @Order(2)
    void aStixBundleWithBadObjectsIsImportedIntoANewCase() throws Exception {
        List<String> objects = new ArrayList<>();
        Set<String> good = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            objects.add(stixIndicator(i, "[domain-name:value = 'phish-" + i + ".example']"));
            good.add("phish-" + i + ".example");
        }
        objects.add(stixIndicator(900, "[ipv4-addr:value = '198.51.100.1'")); // unbalanced: refused
        objects.add(stixIndicator(901, "[domain-name:value = '" + HOSTILE + "']")); // not a domain: refused
        Path bundle = dir.resolve("report.json");
        Files.writeString(
                bundle,
                "{\"type\":\"bundle\",\"id\":\"bundle--22222222-2222-4222-8222-222222222222\",\"objects\":["
                        + String.join(",", objects) + "]}");

        ConsoleBrowser b = browser;
        b.click("#import-new");
        b.type("#import-new-id", "TH-8");
        b.type("#import-new-title", "Phishing kit report");
        b.type("#import-new-ref", "TH-2026-0088");
        importFile(bundle);

        assertThat(b.find("#import-phase").getText()).isEqualTo("Imported");
        assertThat(b.find("#import-percent").getText()).isEqualTo("100%");
        assertThat(count("format")).isEqualTo("stix");
        assertThat(count("stored")).isEqualTo("40");
        assertThat(count("refused")).isEqualTo("2");
        List<WebElement> refusals = b.all("#import-report tr.refusal");
        assertThat(refusals).hasSize(2);
        assertThat(refusals.get(0).getText()).contains("indicator--00000900").contains("not a STIX 2.1 pattern");
        assertThat(refusals.get(1).findElement(By.cssSelector("bdi.position")).getText())
                .contains("indicator--00000901");
        assertThat(b.all("img")).isEmpty();
        assertThat(b.dialogOpen()).isFalse();
        b.wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#case-detail tr.indicator"), 40));
        assertThat(b.find("#case-detail bdi.title").getText()).isEqualTo("Phishing kit report");
        assertThat(b.all("tr.case bdi.reference").stream().map(e -> e.getAttribute("textContent")))
                .contains("TH-2026-0088");
        assertThat(stored("TH-8")).isEqualTo(good);
        b.screenshot("cases-import-stix");
    }

    private String cookie() {
        return "jaring_console="
                + browser.driver.manage().getCookieNamed("jaring_console").getValue();
    }

    private String csrf() throws Exception {
        return new ObjectMapper()
                .readTree(ConsoleHttp.send(console.port(), "GET", "/api/session", Map.of("Cookie", cookie()), null)
                        .body())
                .get("csrf")
                .asText();
    }

    private ConsoleHttp.Answer post(String path, String csrf, String body) throws Exception {
        Map<String, String> h = new java.util.LinkedHashMap<>();
        h.put("Cookie", cookie());
        h.put("Origin", "http://127.0.0.1:" + console.port());
        h.put("Content-Type", "application/octet-stream");
        if (csrf != null) {
            h.put("X-Jaring-Csrf", csrf);
        }
        return ConsoleHttp.send(console.port(), "POST", path, h, body);
    }

    @Test
    @Order(3)
    void aFileAboveTheCapIsRefusedWith413NamingTheCapAndTheCommandLine() throws Exception {
        String big = "type,value\n" + "domain,a.example\n".repeat(CAP / 17 + 10);
        ConsoleHttp.Answer a = post("/api/import?case=TH-7", csrf(), big);
        assertThat(a.status()).as(a.body()).isEqualTo(413);
        assertThat(a.body()).contains("256 KiB").contains("jaring import");
        // the page refuses it before sending, in the same words
        assertThat(browser.driver.executeScript("return document.getElementById('import-limit').textContent"))
                .asString()
                .contains("256 KiB");
    }

    @Test
    @Order(4)
    void anImportWithoutTheCsrfTokenIsRefusedAndStoresNothing() throws Exception {
        ConsoleHttp.Answer a = post("/api/import?case=TH-7", null, "type,value\ndomain,csrf-less.example\n");
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.body()).contains("X-Jaring-Csrf");
        assertThat(stored("TH-7")).doesNotContain("csrf-less.example");
    }

    private JsonNode finished() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode[] last = new JsonNode[1];
        Await.until("the console's import has finished", () -> {
            try {
                last[0] = json.readTree(
                        ConsoleHttp.send(console.port(), "GET", "/api/import", Map.of("Cookie", cookie()), null)
                                .body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            String phase = last[0].path("phase").asText();
            return phase.equals("DONE") || phase.equals("FAILED");
        });
        return last[0];
    }

    @Test
    @Order(5)
    void aMalformedFileIsRefusedWholeAndCreatesNothing() throws Exception {
        // JSON that breaks off: the content says JSON (whatever the name), and broken JSON is never read as CSV
        ConsoleHttp.Answer a = post(
                "/api/import?case=TH-9&title=Never",
                csrf(),
                "{\"type\":\"bundle\",\"objects\":[{\"type\":\"indicator\",\"pattern\":\"[domain-name:value =");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        JsonNode s = finished();
        assertThat(s.path("phase").asText()).isEqualTo("FAILED");
        assertThat(s.path("error").asText()).contains("JSON");
        assertThat(s.path("stored").asInt()).isZero();
        // the new case was not created for a file that was refused
        try {
            admin.getCase(GetCaseRequest.newBuilder().setCaseId("TH-9").build());
            throw new AssertionError("case TH-9 was created for a refused file");
        } catch (StatusRuntimeException e) {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        }

        // a CSV that is not UTF-8 into an existing case: refused whole, the case keeps exactly what it had
        Set<String> before = stored("TH-7");
        String notUtf8 = "type,value\ndomain,ok-row.example\ndomain,caf\u00e9.example\n";
        ConsoleHttp.Answer latin1 = ConsoleHttp.sendBytes(
                console.port(),
                "POST",
                "/api/import?case=TH-7",
                Map.of(
                        "Cookie",
                        cookie(),
                        "Origin",
                        "http://127.0.0.1:" + console.port(),
                        "X-Jaring-Csrf",
                        csrf(),
                        "Content-Type",
                        "application/octet-stream"),
                notUtf8.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(latin1.status()).as(latin1.body()).isEqualTo(202);
        JsonNode t = finished();
        assertThat(t.path("phase").asText()).isEqualTo("FAILED");
        assertThat(t.path("error").asText())
                .contains("UTF-8")
                .as("the console's temporary file is not named to the page")
                .doesNotContain("jaring-console-import")
                .doesNotContain(System.getProperty("java.io.tmpdir"));
        assertThat(stored("TH-7")).isEqualTo(before);
    }
}
