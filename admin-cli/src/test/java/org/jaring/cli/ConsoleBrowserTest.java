package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jaring.cli.console.ConsoleCommand;
import org.jaring.cli.console.ConsoleServer;
import org.jaring.core.setup.OwnNodeClient;
import org.jaring.core.vocab.Labels;
import org.jaring.v1.AddIndicatorsRequest;
import org.jaring.v1.Case;
import org.jaring.v1.Handling;
import org.jaring.v1.Indicator;
import org.jaring.v1.IndicatorType;
import org.jaring.v1.NationalServiceGrpc;
import org.jaring.v1.Offence;
import org.jaring.v1.PutCaseRequest;
import org.jaring.v1.Tlp;
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
 * The analyst's console in a real headless Chromium against two real nodes (Thailand and Malaysia, pinned to each
 * other over mutual TLS): Thailand's analyst asks, sees Malaysia's hit and follows it to a preservation request that
 * Malaysia's officer sees and acknowledges in their own console; alerts arrive live; the language changes the labels;
 * hostile text stays text; the server refuses requests without the CSRF token, from a foreign Origin or Host, and a
 * second use of the login link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    private static final String DOMAIN = "fake-investment-app.example";
    /** What an attacker would put in any text a peer or analyst controls. */
    private static final String MARKUP = "<script>alert(1)</script><img src=x onerror=alert(2)> javascript:alert(3)";
    /** A case title may hold a bidi override (request fields may not: the node refuses control characters there). */
    private static final String HOSTILE = MARKUP + " \u202Eexe.fdp";

    private CliNode th;
    private CliNode my;
    private ConsoleServer thConsole;
    private ConsoleServer myConsole;
    private String thUrl;
    private ConsoleBrowser thBrowser;
    private ConsoleBrowser myBrowser;
    private final List<String> timings = new ArrayList<>();

    @BeforeAll
    void network(@TempDir Path dir) throws Exception {
        th = CliNode.init(dir.resolve("th"), "TH-CCIB").lookupDeadline("30s").start();
        my = CliNode.init(dir.resolve("my"), "MY-PDRM").start();
        th.pin(my, dir);
        my.pin(th, dir);
        holds(my, "MY-9", "Investment app", "", DOMAIN, Tlp.TLP_GREEN);
        holds(th, "TH-0", HOSTILE, "javascript:alert(4)", "hostile-title.example", Tlp.TLP_AMBER);
        th.offline("cert", "issue", "--role", "analyst", "--name", "somchai").ok();
        thConsole = console(
                th,
                "--cert",
                th.home.clientCertificate("somchai").toString(),
                "--key",
                th.home.clientKey("somchai").toString());
        myConsole = console(my);
        thUrl = thConsole.loginUrl();
        thBrowser = new ConsoleBrowser();
        myBrowser = new ConsoleBrowser();
    }

    private static ConsoleServer console(CliNode node, String... extra) {
        ConsoleCommand command = new ConsoleCommand();
        List<String> args = new ArrayList<>(List.of(
                "--home",
                node.root.toString(),
                "--national",
                "127.0.0.1:" + node.node().nationalPort(),
                "--admin",
                "127.0.0.1:" + node.node().adminPort()));
        args.addAll(List.of(extra));
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.start();
    }

    /** {@code node} holds {@code value} in case {@code caseId} (CC.FRAUD), entered by its admin over gRPC. */
    private static void holds(CliNode node, String caseId, String title, String reference, String value, Tlp tlp)
            throws Exception {
        ManagedChannel channel = OwnNodeClient.open(
                node.home.trustDir(),
                "127.0.0.1",
                node.node().nationalPort(),
                node.home.clientCertificate("admin"),
                node.home.clientKey("admin"),
                null);
        try {
            var stub = NationalServiceGrpc.newBlockingStub(channel);
            stub.putCase(PutCaseRequest.newBuilder()
                    .setCase(Case.newBuilder()
                            .setCaseId(caseId)
                            .setTitle(title)
                            .setReference(reference)
                            .addOffences(Offence.OFFENCE_FRAUD)
                            .setDefaultHandling(Handling.newBuilder().setTlp(tlp)))
                    .build());
            stub.addIndicators(AddIndicatorsRequest.newBuilder()
                    .setCaseId(caseId)
                    .addIndicators(Indicator.newBuilder()
                            .setType(IndicatorType.INDICATOR_TYPE_DOMAIN)
                            .setValue(value)
                            .addOffences(Offence.OFFENCE_FRAUD)
                            .setConfidence(85))
                    .build());
        } finally {
            channel.shutdownNow();
        }
    }

    @AfterAll
    void stop() throws Exception {
        Path report = ConsoleBrowser.SCREENSHOTS.resolve("timings.txt");
        Files.createDirectories(report.getParent());
        Files.write(report, timings);
        for (AutoCloseable c : new AutoCloseable[] {thBrowser, myBrowser, thConsole, myConsole, th, my}) {
            if (c != null) {
                c.close();
            }
        }
    }

    private void recordTimings(String page, ConsoleBrowser b) {
        for (Map<String, Object> t : b.apiTimings()) {
            timings.add(String.format(
                    Locale.ROOT,
                    "%s %s %.1f ms (console %.1f ms)",
                    page,
                    t.get("name"),
                    ((Number) t.get("ms")).doubleValue(),
                    ((Number) t.get("server")).doubleValue()));
        }
        timings.add(String.format(Locale.ROOT, "%s page-load %.1f ms", page, b.pageLoadMillis()));
    }

    @Test
    @Order(1)
    void aHitFromThePeerIsShownWithItsTlpContactAndOutcomeAndFollowedToAPreservationRequestInThePeersInbox() {
        ConsoleBrowser b = thBrowser;
        b.login(thUrl);
        assertThat(b.find("#node-id").getText()).isEqualTo("TH-CCIB");
        // a defanged spelling, as analysts paste them from reports, and a value nobody holds
        b.type("#ask-values", "FAKE-investment-app[.]example\nnothing-here.example");
        b.type("#ask-caseref", "TH-2026-0042");
        new Select(b.find("#ask-basis")).selectByValue("budapest");
        b.click("#ask-submit");
        WebElement hit = b.waitFor(By.cssSelector(".result.has-hits"));
        assertThat(hit.getText()).contains(DOMAIN).contains("MY-PDRM").contains("Computer-related fraud");
        WebElement tlp = hit.findElement(By.cssSelector(".tlp"));
        assertThat(tlp.getText()).isEqualTo("TLP:GREEN");
        // TLP 2.0: TLP:GREEN is rgb(51, 255, 0) on black
        assertThat(tlp.getCssValue("color")).isEqualTo("rgba(51, 255, 0, 1)");
        assertThat(tlp.getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 1)");
        assertThat(hit.findElement(By.cssSelector("a.tel")).getAttribute("href"))
                .isEqualTo("tel:+6621234567");
        assertThat(hit.findElement(By.cssSelector("a.mail")).getAttribute("href"))
                .isEqualTo("mailto:cc247@my-pdrm.example");
        assertThat(b.all(".result").get(1).getText())
                .contains("nothing-here.example")
                .contains("No hits");
        assertThat(b.find("table.peers").getText()).contains("MY-PDRM").contains("Answered");
        b.screenshot("ask-hit");
        recordTimings("ask", b);
        // the node's own time for the peer (its call to Malaysia), as the page shows it
        timings.add("ask peer " + b.find("table.peers tbody tr").getText().replace('\n', ' '));

        b.click("button.preserve");
        b.waitFor(By.id("request-form"));
        assertThat(b.find("#rf-to").getAttribute("value")).isEqualTo("MY-PDRM");
        assertThat(b.find("#rf-type").getAttribute("value")).isEqualTo("EXPEDITED_PRESERVATION");
        assertThat(b.find("#rf-file").getAttribute("value")).isEqualTo("TH-2026-0042");
        assertThat(b.find("#rf-offences").getAttribute("value")).isEqualTo("CC.FRAUD");
        b.type("#rf-facts", "Investment fraud app, 40 victims in TH. " + MARKUP);
        b.type("#rf-data", "hosting account and access logs");
        b.screenshot("preservation-form");
        b.click("#rf-send");
        b.wait.until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.id("rf-result")),
                ExpectedConditions.visibilityOfElementLocated(By.id("error"))));
        assertThat(b.find("#error").isDisplayed())
                .as(b.find("#error").getText())
                .isFalse();
        assertThat(b.find("#rf-result").getText()).contains("Request sent");
        WebElement sent = b.waitFor(By.cssSelector("#requests-outbox tr.request"));
        assertThat(sent.getText()).contains("MY-PDRM").contains("Expedited preservation");

        // Malaysia's officer sees it arrive in their own console, the hostile facts as text, and acknowledges it
        ConsoleBrowser m = myBrowser;
        m.login(myConsole.loginUrl());
        m.click("nav [data-page=requests]");
        WebElement received = m.waitFor(By.cssSelector("#requests-inbox tr.request"));
        assertThat(received.getText()).contains("TH-CCIB").contains("Delivered");
        assertThat(received.findElement(By.cssSelector("bdi.facts-text")).getAttribute("textContent"))
                .isEqualTo("Investment fraud app, 40 victims in TH. " + MARKUP);
        assertThat(m.dialogOpen()).isFalse();
        assertThat(m.all("img")).isEmpty();
        m.screenshot("requests-inbox");
        recordTimings("requests", m);
        received.findElement(By.cssSelector(".note")).sendKeys("PDRM/2026/77");
        received.findElement(By.cssSelector("button.act-acknowledged")).click();
        m.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#requests-inbox tr.request .state"), "Acknowledged"));

        // and Thailand sees the new state in its outbox
        b.click("nav [data-page=ask]");
        b.click("nav [data-page=requests]");
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#requests-outbox tr.request .state"), "Acknowledged"));
        assertThat(b.dialogOpen()).isFalse();
    }

    @Test
    @Order(2)
    void anAlertAppearsLiveWhileThePageIsOpen() throws Exception {
        ConsoleBrowser b = thBrowser;
        b.click("nav [data-page=alerts]");
        b.waitFor(By.id("alerts-list"));
        int before = b.all("tr.alert").size();
        // a second case of Thailand's now holds the same value as TH-0: the node raises an alert, which only the
        // live stream can bring to this page (it does not ask again)
        holds(th, "TH-1", "Second report", "TH-2026-0050", "hostile-title.example", Tlp.TLP_AMBER);
        WebElement fresh = b.waitFor(By.cssSelector("tr.alert.fresh"));
        assertThat(fresh.getText()).contains("hostile-title.example");
        // one alert for each of the two cases that now share the value
        assertThat(b.all("tr.alert").size()).isGreaterThan(before);
        b.screenshot("alerts-live");
        recordTimings("alerts", b);
    }

    @Test
    @Order(3)
    void switchingLanguageRelabelsTheInterfaceAndTheCodeListsAndIsRemembered() {
        ConsoleBrowser b = thBrowser;
        b.click("nav [data-page=ask]");
        for (String lang : Labels.LANGUAGES) {
            Labels labels = Labels.of(lang);
            new Select(b.find("#lang")).selectByValue(lang);
            b.wait.until(
                    ExpectedConditions.textToBe(By.cssSelector("nav [data-page=ask]"), labels.get("ui", "nav.ask")));
            assertThat(b.find("#ask-submit").getText()).isEqualTo(labels.get("ui", "ask.submit"));
            // the code lists too: the offence of the hit on the page and the legal basis menu
            assertThat(b.find(".result.has-hits .offence").getText()).isEqualTo(labels.offence(Offence.OFFENCE_FRAUD));
            assertThat(new Select(b.find("#ask-basis")).getFirstSelectedOption().getText())
                    .isEqualTo(labels.legalBasis(org.jaring.v1.LegalBasis.LEGAL_BASIS_BUDAPEST));
            assertThat(b.find("#translation-status").getText()).endsWith(labels.status());
            if (lang.equals("th")) {
                b.screenshot("ask-thai");
            }
        }
        new Select(b.find("#lang")).selectByValue("vi");
        // a reload right after the choice keeps it (the choice is saved before its labels arrive)
        b.driver.navigate().refresh();
        b.waitFor(By.cssSelector("body.ready"));
        assertThat(b.find("nav [data-page=ask]").getText())
                .isEqualTo(Labels.of("vi").get("ui", "nav.ask"));
        new Select(b.find("#lang")).selectByValue("en");
        b.wait.until(ExpectedConditions.textToBe(By.cssSelector("nav [data-page=ask]"), "Ask"));
    }

    @Test
    @Order(4)
    void hostileTextIsShownAsTextAndRunsNothing() {
        ConsoleBrowser b = thBrowser;
        b.click("nav [data-page=cases]");
        WebElement title = b.waitFor(By.cssSelector("tr.case bdi.title"));
        assertThat(title.getAttribute("textContent")).isEqualTo(HOSTILE);
        assertThat(b.find("tr.case bdi.reference").getAttribute("textContent")).isEqualTo("javascript:alert(4)");
        assertThat(b.all("a")).isEmpty();
        assertThat(b.all("img")).isEmpty();
        assertThat(b.dialogOpen()).isFalse();
        b.screenshot("cases-hostile");
        recordTimings("cases", b);

        // a refused value comes back in the node's words: shown as text too
        b.click("nav [data-page=ask]");
        b.type("#ask-values", "<img src=x onerror=alert(5)>\u202Egpj.exe");
        b.type("#ask-caseref", "TH-2026-0042");
        String value = "<img src=x onerror=alert(5)>\u202Egpj.exe";
        b.click("#ask-submit");
        // the node either answers for the value (echoed as asked) or refuses it in its own words: both are text
        b.wait.until(d -> b.find("#error").isDisplayed()
                || b.all("bdi.asked").stream().anyMatch(e -> value.equals(e.getAttribute("textContent"))));
        if (b.find("#error").isDisplayed()) {
            assertThat(b.find("#error").getAttribute("textContent")).startsWith("Refused: ");
        }
        b.screenshot("ask-hostile");
        assertThat(b.all("img")).isEmpty();
        assertThat(b.dialogOpen()).isFalse();

        // contact links: only tel: and mailto: of well-formed values; anything else is text
        @SuppressWarnings("unchecked")
        List<Object> made = (List<Object>) b.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/dom.js').then(m => {"
                + " const c = m.contact({unit: 'u', phone: 'javascript:alert(6)',"
                + "   email: 'x@y.example?subject=<b>'});"
                + " const d = m.contact({phone: '+66 2 123 4567', email: 'cc247@th-ccib.example'});"
                + " done([c.querySelectorAll('a').length, c.textContent,"
                + "   Array.from(d.querySelectorAll('a')).map(a => a.getAttribute('href'))]);"
                + "});");
        assertThat(made.get(0)).isEqualTo(0L);
        assertThat((String) made.get(1)).contains("javascript:alert(6)");
        assertThat(made.get(2)).isEqualTo(List.of("tel:+6621234567", "mailto:cc247@th-ccib.example"));
        // the page itself holds exactly the one script it was served with
        assertThat(b.all("script")).hasSize(1);
    }

    @Test
    @Order(5)
    void theServerRefusesASecondLoginAForeignHostOrOriginAndChangesWithoutTheCsrfToken() throws Exception {
        int port = thConsole.port();
        String path = thUrl.substring(thUrl.indexOf("/login"));
        ConsoleHttp.Answer again = ConsoleHttp.send(port, "GET", path, Map.of(), null);
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.body()).contains("already used");

        String cookie = "jaring_console="
                + thBrowser.driver.manage().getCookieNamed("jaring_console").getValue();
        assertThat(thBrowser.driver.manage().getCookieNamed("jaring_console").isHttpOnly())
                .isTrue();
        assertThat(thBrowser.driver.manage().getCookieNamed("jaring_console").getSameSite())
                .isEqualTo("Strict");
        ConsoleHttp.Answer page = ConsoleHttp.send(port, "GET", "/", Map.of("Cookie", cookie), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'none'")
                .contains("script-src 'self'")
                .contains("frame-ancestors 'none'")
                .doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(ConsoleHttp.send(port, "GET", "/", Map.of(), null).status()).isEqualTo(401);
        // the page's own files may be kept by the browser, but checked each time (no-cache + ETag: 304 when unchanged);
        // answers with data never are kept (no-store), and say how long the console took (Server-Timing)
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        String etag = page.header("ETag");
        assertThat(etag).isNotBlank();
        assertThat(ConsoleHttp.send(port, "GET", "/", Map.of("Cookie", cookie, "If-None-Match", etag), null)
                        .status())
                .isEqualTo(304);
        ConsoleHttp.Answer cases = ConsoleHttp.send(port, "GET", "/api/cases", Map.of("Cookie", cookie), null);
        assertThat(cases.header("Cache-Control")).isEqualTo("no-store");
        assertThat(cases.header("Server-Timing")).startsWith("console;dur=");
        // DNS rebinding: the browser would send the attacker's name as Host
        assertThat(ConsoleHttp.send(
                                port,
                                "GET",
                                "/api/cases",
                                Map.of("Cookie", cookie, "Host", "evil.example:" + port),
                                null)
                        .status())
                .isEqualTo(421);

        // Region needs the admin listener; an analyst's certificate gets the node's refusal in words (a refusal was
        // once written after the exchange had been closed: an empty reply).
        ConsoleHttp.Answer region = ConsoleHttp.send(port, "GET", "/api/region", Map.of("Cookie", cookie), null);
        assertThat(region.status()).as(region.body()).isEqualTo(403);
        assertThat(region.body()).contains("your certificate may not do this").contains("ANALYST is not allowed");

        String csrf = new ObjectMapper()
                .readTree(ConsoleHttp.send(port, "GET", "/api/session", Map.of("Cookie", cookie), null)
                        .body())
                .get("csrf")
                .asText();
        String lookup = "{\"values\":\"" + DOMAIN + "\",\"caseReference\":\"TH-1\",\"legalBasis\":\"budapest\"}";
        String origin = "http://127.0.0.1:" + port;
        ConsoleHttp.Answer noToken = ConsoleHttp.send(
                port,
                "POST",
                "/api/lookup",
                Map.of("Cookie", cookie, "Origin", origin, "Content-Type", "application/json"),
                lookup);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.body()).contains("X-Jaring-Csrf");
        ConsoleHttp.Answer foreign = ConsoleHttp.send(
                port,
                "POST",
                "/api/lookup",
                Map.of(
                        "Cookie",
                        cookie,
                        "Origin",
                        "http://evil.example",
                        "X-Jaring-Csrf",
                        csrf,
                        "Content-Type",
                        "application/json"),
                lookup);
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.body()).contains("origin");
        ConsoleHttp.Answer crossSite = ConsoleHttp.send(
                port,
                "POST",
                "/api/lookup",
                Map.of(
                        "Cookie",
                        cookie,
                        "Origin",
                        origin,
                        "Sec-Fetch-Site",
                        "cross-site",
                        "X-Jaring-Csrf",
                        csrf,
                        "Content-Type",
                        "application/json"),
                lookup);
        assertThat(crossSite.status()).isEqualTo(403);
        ConsoleHttp.Answer wrongToken = ConsoleHttp.send(
                port,
                "POST",
                "/api/lookup",
                Map.of(
                        "Cookie",
                        cookie,
                        "Origin",
                        origin,
                        "X-Jaring-Csrf",
                        csrf + "x",
                        "Content-Type",
                        "application/json"),
                lookup);
        assertThat(wrongToken.status()).isEqualTo(403);
        // the same request with the token and the console's own origin goes through: the checks above are what refused
        ConsoleHttp.Answer ok = ConsoleHttp.send(
                port,
                "POST",
                "/api/lookup",
                Map.of("Cookie", cookie, "Origin", origin, "X-Jaring-Csrf", csrf, "Content-Type", "application/json"),
                lookup);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("MY-PDRM");
    }

    /**
     * The Ask form in blind mode (docs/blind-lookup.md): the peer that holds the value answers it, the page shows the
     * same hit as a plain lookup and says the peer answered blind; a value nobody holds shows no hit.
     */
    @Test
    @Order(6)
    void aBlindQuestionFindsThePeersHitAndSaysThePeerAnsweredBlind() {
        ConsoleBrowser b = thBrowser;
        b.click("nav [data-page=alerts]");
        b.click("nav [data-page=ask]");
        b.find("#ask-values").clear();
        b.type("#ask-values", DOMAIN + "\nnobody-holds-this.example");
        b.find("#ask-caseref").clear();
        b.type("#ask-caseref", "TH-2026-0043");
        new Select(b.find("#ask-basis")).selectByValue("budapest");
        new Select(b.find("#ask-mode")).selectByValue("blind");
        b.click("#ask-submit");
        b.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".result.has-hits"), DOMAIN));
        WebElement hit = b.find(".result.has-hits");
        assertThat(hit.getText()).contains("MY-PDRM").contains("Computer-related fraud");
        assertThat(b.all(".result").get(1).getText())
                .contains("nobody-holds-this.example")
                .contains("No hits");
        String blind = Labels.of("en").get("ui", "ask.answeredIn.blind");
        assertThat(b.find("table.peers").getText()).contains("MY-PDRM").contains("(" + blind + ")");
        assertThat(b.dialogOpen()).isFalse();
        b.screenshot("ask-blind");
        recordTimings("ask-blind", b);
    }

    @Test
    @Order(7)
    void theRegionMapColoursEachMemberStateByItsPeersHealthAndShowsPeerTextAsText() {
        // Malaysia's console runs with its admin's certificate, which may read peers' health
        ConsoleBrowser m = myBrowser;
        m.click("nav [data-page=region]");
        WebElement own = m.waitFor(By.cssSelector("#region-map .tile[data-state=MY]"));
        assertThat(own.getAttribute("data-health")).isEqualTo("self");
        assertThat(m.find("#region-map .tile[data-state=TH]").getAttribute("data-health"))
                .isIn("ok", "degraded", "unreachable");
        assertThat(m.find("#region-map .tile[data-state=SG]").getAttribute("data-health"))
                .isEqualTo("none");
        assertThat(m.all("#region-map .tile")).hasSize(11);
        assertThat(m.find("table.grid tr.peer").getText()).contains("TH-CCIB");
        assertThat(m.find("figure.region").getText()).contains("Schematic");
        // a tile tells its peers' last sync and latency when focused (keyboard) as well as on hover
        m.driver.executeScript("document.querySelector('#region-map .tile[data-state=TH]').focus();");
        m.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("region-detail"), "TH-CCIB"));
        assertThat(m.find("#region-detail").getText()).contains("Thailand").contains("Latency");
        m.screenshot("region-map");
        recordTimings("region", m);

        // every kind of health, and a peer whose words are hostile, drawn by the page's own module
        @SuppressWarnings("unchecked")
        Map<String, Object> drawn = (Map<String, Object>) m.driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "import('/pages/region.js').then(r => {"
                        + " const now = new Date().toISOString(), old = '2026-01-01T00:00:00Z';"
                        + " const box = document.getElementById('region-list');"
                        + " r.render(box, ["
                        + "  {nodeId: 'TH-CCIB', connectivity: 'READY', lastSuccess: now, lastSync: now,"
                        + "   lastLatencyMillis: 42},"
                        + "  {nodeId: 'ID-POLRI', connectivity: 'READY', lastSuccess: old, lastErrorAt: now,"
                        + "   lastError: arguments[0]},"
                        + "  {nodeId: 'VN-A05', connectivity: 'TRANSIENT_FAILURE', lastErrorAt: now,"
                        + "   lastError: 'UNAVAILABLE'},"
                        + "  {nodeId: arguments[1], connectivity: arguments[0], lastSuccess: now}"
                        + " ], 'MY-PDRM');"
                        + " const h = {};"
                        + " for (const t of box.querySelectorAll('.tile')) h[t.dataset.state] = t.dataset.health;"
                        + " box.querySelector('.tile[data-state=ID]').focus();"
                        + " done({health: h, detail: document.getElementById('region-detail').textContent,"
                        + "   errors: Array.from(box.querySelectorAll('bdi.error-text')).map(e => e.textContent),"
                        + "   nodes: Array.from(box.querySelectorAll('tr.peer td:first-child')).map(e => e.textContent)});"
                        + "});",
                HOSTILE,
                "PH-X" + MARKUP);
        @SuppressWarnings("unchecked")
        Map<String, Object> health = (Map<String, Object>) drawn.get("health");
        assertThat(health)
                .containsEntry("MY", "self")
                .containsEntry("TH", "ok")
                .containsEntry("ID", "degraded")
                .containsEntry("VN", "unreachable")
                .containsEntry("SG", "none")
                .containsEntry("TL", "none");
        assertThat((String) drawn.get("detail")).contains("ID-POLRI");
        @SuppressWarnings("unchecked")
        List<Object> errors = (List<Object>) drawn.get("errors");
        @SuppressWarnings("unchecked")
        List<Object> nodes = (List<Object>) drawn.get("nodes");
        assertThat(errors).contains(HOSTILE);
        assertThat(nodes).contains("PH-X" + MARKUP);
        // rendered, not run: no image element, no dialog, the page still has its one script
        assertThat(m.all("img")).isEmpty();
        assertThat(m.dialogOpen()).isFalse();
        assertThat(m.all("script")).hasSize(1);
        m.screenshot("region-hostile");
    }
}
