package org.jaring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium from Debian's packages (/usr/bin/chromium driven by /usr/bin/chromedriver), never a
 * downloaded one: Selenium Manager is not asked for anything because both paths are given. Missing packages fail
 * the test with what to install, since .ci/run installs them.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;

    ConsoleBrowser() {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the console tests need Debian's chromium and chromium-driver (/usr/bin/chromium,"
                        + " /usr/bin/chromedriver): apt-get install -y chromium chromium-driver (.ci/run does)")
                .isTrue();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        try {
            profile = Files.createTempDirectory("jaring-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(90));
    }

    /** Opens the console's one-time link and waits until the page has its session and labels. */
    void login(String url) {
        driver.get(url);
        waitFor(By.cssSelector("body.ready"));
    }

    WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        // Characters outside the BMP and bidi controls go in through the DOM, as a paste would put them
        driver.executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));", e, text);
    }

    /** True if a JavaScript dialog (alert, confirm) is open: hostile text must never open one. */
    boolean dialogOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page's own measurements (Resource Timing) of its calls to /api/, in milliseconds: name, duration, and the
     * console's own part of it (its Server-Timing header), so that the server's time is told from the rest.
     */
    @SuppressWarnings("unchecked") // executeScript returns JSON-like Java values
    List<Map<String, Object>> apiTimings() {
        return (List<Map<String, Object>>) driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/api/') && !e.name.includes('/stream'))"
                + ".map(e => ({name: new URL(e.name).pathname, ms: e.responseEnd - e.startTime,"
                + " server: ((e.serverTiming || []).find(s => s.name === 'console') || {duration: -1}).duration}));");
    }

    /** Navigation Timing: from the start of the navigation to the end of the load event, in milliseconds. */
    double pageLoadMillis() {
        Object v = driver.executeScript("const n = performance.getEntriesByType('navigation')[0];"
                + " return n ? n.loadEventEnd - n.startTime : -1;");
        return ((Number) v).doubleValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
