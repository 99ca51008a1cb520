package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Report;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.Scenario;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.Scenarios;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The timeline page as a person sees it: every page opened in a real headless Chromium (Debian's
 * {@code chromium} and {@code chromium-driver}, driven through Selenium WebDriver; the driver's path is given,
 * so Selenium Manager downloads nothing). The visible bars are one per lifetime the run began, each report's
 * ✕ sits on its bar, hovering a bar shows its events, a header link scrolls its report into view, and every
 * built-in scenario's page is saved as a screenshot under {@code target/timeline-screenshots/}. One browser
 * session serves every test. Without a browser the tests are skipped, saying why.
 */
class TimelineBrowserTest {

    /** Where the screenshots go (under target/, so a build leaves the tree clean). */
    static final Path SHOTS = Path.of("target", "timeline-screenshots");
    private static final String CHROMIUM = System.getProperty("devres4j.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("devres4j.chromedriver", "/usr/bin/chromedriver");

    /** The screenshots the README shows, by page name: copied to docs/ with DEVRES4J_DOCS_SCREENSHOTS=true. */
    private static final Map<String, String> DOCS = Map.of("drmm-mmio:buggy", "timeline-drmm-mmio-buggy.png",
            "drmm-mmio:fixed", "timeline-drmm-mmio-fixed.png", "fuzz-42", "timeline-fuzz-42.png",
            "compare-drmm-mmio", "timeline-compare-drmm-mmio.png");

    private static ChromeDriver browser;
    private static Path profile;
    private static Path pages;

    @BeforeAll
    static void startBrowser() throws IOException {
        String missing = !Files.isExecutable(Path.of(CHROMIUM)) ? CHROMIUM
                : !Files.isExecutable(Path.of(CHROMEDRIVER)) ? CHROMEDRIVER : null;
        if (missing != null) {
            String why = "no browser: " + missing + " is not installed (apt-get install chromium chromium-driver; "
                    + ".ci/run does)";
            System.out.println("[devres4j cli] SKIPPED TimelineBrowserTest: " + why);
            Assumptions.abort(why);
        }
        profile = Files.createTempDirectory("devres4j-chromium-");
        pages = Files.createDirectories(Path.of("target", "timeline-pages"));
        Files.createDirectories(SHOTS);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // the machine's network is closed: without these, Chromium stalls on connections it tries at start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1440,1000");
        try {
            browser = new ChromeDriver(service, options);
        } catch (org.openqa.selenium.WebDriverException e) {
            // installed but cannot start here (e.g. a chromedriver of another version than the browser)
            String why = "no browser: " + CHROMEDRIVER + " could not start " + CHROMIUM + ": "
                    + e.getMessage().lines().findFirst().orElse(e.getClass().getSimpleName());
            System.out.println("[devres4j cli] SKIPPED TimelineBrowserTest: " + why);
            Assumptions.abort(why);
        }
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        browser.manage().window().setSize(new Dimension(1440, 1000));
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Writes a page under target/ and opens it from the file, as a person would. */
    private static void open(String name, String html) throws IOException {
        Path file = pages.resolve(name.replace(':', '_') + ".html").toAbsolutePath();
        Files.writeString(file, html);
        browser.get(file.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((JavascriptExecutor) d)
                .executeScript("return document.readyState").equals("complete"));
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
    }

    private static void screenshot(String name) throws IOException {
        Path png = SHOTS.resolve(name.replace(':', '_') + ".png");
        Files.write(png, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(png)).as(png.toString()).isGreaterThan(10_000);
        String doc = DOCS.get(name);
        if (doc != null && "true".equals(System.getenv("DEVRES4J_DOCS_SCREENSHOTS"))) {
            // only on request: a plain build leaves the source tree as it was
            Path target = Path.of("..", "docs", doc);
            Files.createDirectories(target.getParent());
            Files.copy(png, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            System.out.println("[devres4j cli] TimelineBrowserTest: refreshed " + target.normalize());
        }
    }

    /**
     * A screenshot of the page down to the bottom of {@code last} (both panels of a comparison), taken with
     * the window made that tall for the moment.
     */
    private static void tallScreenshot(String name, WebElement last) throws IOException {
        Object bottom = ((JavascriptExecutor) browser).executeScript(
                "var p = arguments[0].closest('section') || arguments[0]; "
                        + "return Math.ceil(p.getBoundingClientRect().bottom + window.scrollY) + 16;", last);
        int height = Math.min(3000, Math.max(1000, ((Number) bottom).intValue()));
        browser.manage().window().setSize(new Dimension(1440, height));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(new Dimension(1440, 1000));
        }
    }

    private static List<WebElement> visibleBars() {
        return browser.findElements(By.cssSelector("div.bar")).stream().filter(WebElement::isDisplayed).toList();
    }

    private static long beginEvents(RunResult r) {
        return r.events().stream().filter(e -> e.effect() == Effect.BEGIN).count();
    }

    /** Every built-in scenario, buggy and fixed: bars, crosses on their bars, a screenshot each. */
    @Test
    void everyBuiltInScenarioShowsOneBarPerLifetimeAndItsCrossesOnTheirBars() throws IOException {
        List<String> checked = new ArrayList<>();
        for (Scenarios.BuiltIn b : Scenarios.list()) {
            List<Scenario> variants = new ArrayList<>(List.of(b.buggy()));
            variants.addAll(b.fixed());
            for (Scenario s : variants) {
                RunResult r = ScenarioRunner.run(s, RunOptions.defaults());
                open(s.name(), TimelineHtml.render(r));

                assertThat(visibleBars()).as(s.name() + ": visible bars == events that begin a lifetime (ADD ...)")
                        .hasSize((int) beginEvents(r));
                List<WebElement> crosses = browser.findElements(By.cssSelector("a.x"));
                assertThat(crosses).as(s.name()).hasSize(r.reports().size());
                for (int n = 1; n <= r.reports().size(); n++) {
                    crossSitsOnItsBar(s.name(), r.reports().get(n - 1), browser.findElement(By.id("p0-x-" + n)));
                }
                screenshot(s.name());
                checked.add(s.name());
            }
        }
        assertThat(checked).containsAll(Scenarios.names());
    }

    private static void crossSitsOnItsBar(String scenario, Report report, WebElement cross) {
        assertThat(cross.isDisplayed()).as(scenario + ": the cross of " + report.object()).isTrue();
        Rectangle x = cross.getRect();
        double cx = x.getX() + x.getWidth() / 2.0;
        double cy = x.getY() + x.getHeight() / 2.0;
        if (report.subject() == null) {
            return;
        }
        WebElement bar = browser.findElement(By.id(cross.getAttribute("data-for")));
        assertThat(bar.getAttribute("data-owner")).as(scenario).isEqualTo(report.subject().owner().name());
        assertThat(bar.getAttribute("data-order")).as(scenario).isEqualTo(String.valueOf(report.subject().order()));
        assertThat(bar.getAttribute("data-report")).as(scenario).contains(report.kind().id());
        Rectangle r = bar.getRect();
        double right = r.getX() + r.getWidth();
        WebElement row = bar.findElement(By.xpath(".."));
        for (WebElement ghost : row.findElements(By.cssSelector("div.ghost"))) {
            Rectangle g = ghost.getRect();
            right = Math.max(right, g.getX() + g.getWidth());
        }
        assertThat(cy).as(scenario + ": the cross is on the bar's line").isBetween(r.getY() - 6.0, r.getY() + r.getHeight() + 6.0);
        assertThat(cx).as(scenario + ": the cross is along the bar or its ghost").isBetween(r.getX() - 2.0, right + 14.0);
    }

    @Test
    void hoveringOrFocusingABarShowsItsAddAndItsRelease() throws IOException {
        open("hover-drmm-mmio", TimelineHtml.render(ScenarioRunner.run(Scenarios.resolve("drmm-mmio"), RunOptions.defaults())));
        WebElement tip = browser.findElement(By.id("tip"));
        assertThat(tip.isDisplayed()).isFalse();
        WebElement bar = browser.findElement(By.cssSelector("div.bar[data-report]"));

        new Actions(browser).moveToElement(bar).perform();

        assertThat(tip.isDisplayed()).as("the details box on hover").isTrue();
        assertThat(tip.getText()).contains("card0 #2 vgpu hw fini + iounmap", "added: step 2", "ADD card0 #2",
                "released: step 7", "REL card0 #2", "last put of card0", "hardware use-after-unplug",
                "should have ended at unbind vgpu0");
        screenshot("hover-drmm-mmio");
        new Actions(browser).moveToElement(browser.findElement(By.tagName("h1"))).perform();
        assertThat(tip.isDisplayed()).as("gone when the pointer leaves").isFalse();

        WebElement first = visibleBars().get(0);
        ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", first);
        assertThat(tip.isDisplayed()).as("the details box on keyboard focus").isTrue();
        assertThat(tip.getText()).contains("added: step " + first.getAttribute("data-added-step"));
    }

    @Test
    void aHeaderLinkScrollsToItsReportWhichLinksBackToItsBar() throws IOException {
        RunResult r = ScenarioRunner.run(Scenarios.resolve("drmm-sysfs"), RunOptions.defaults());
        open("links-drmm-sysfs", TimelineHtml.render(r));
        JavascriptExecutor js = browser;
        WebElement report = browser.findElement(By.id("p0-report-1"));
        assertThat(inView(report)).as("the report starts below the first screen").isFalse();

        browser.findElement(By.cssSelector("a.flink")).click();

        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> inView(report));
        assertThat(js.executeScript("return location.hash")).isEqualTo("#p0-report-1");
        WebElement back = report.findElement(By.cssSelector("a.back"));
        back.click();
        WebElement bar = browser.findElement(By.id(back.getAttribute("href").replaceFirst(".*#", "")));
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> inView(bar));
        assertThat(bar.getAttribute("data-owner")).isEqualTo(r.reports().get(0).subject().owner().name());
    }

    private static boolean inView(WebElement e) {
        Object top = ((JavascriptExecutor) browser).executeScript(
                "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight;", e);
        return Boolean.TRUE.equals(top);
    }

    @Test
    void buggyAndFixedShareOneAxisAndTheFuzzFailureAndTheWatchPageAreTheSamePicture() throws Exception {
        Path compare = pages.resolve("compare-drmm-mmio.html");
        assertThat(Cli.execute("run", "drmm-mmio", "--compare", "--html", compare.toString()).exitCode()).isEqualTo(1);
        open("compare-drmm-mmio", Files.readString(compare));
        List<WebElement> axes = browser.findElements(By.cssSelector("div.axis"));
        assertThat(axes).hasSize(2);
        for (int step = 0; step < 9; step++) {
            WebElement top = axes.get(0).findElements(By.cssSelector("div.col")).get(step);
            WebElement bottom = axes.get(1).findElements(By.cssSelector("div.col")).get(step);
            assertThat(top.getRect().getX()).as("step %d at the same x in both runs", step).isEqualTo(bottom.getRect().getX());
        }
        tallScreenshot("compare-drmm-mmio", axes.get(1));

        Path fuzz = pages.resolve("fuzz-42.html");
        Cli.Run run = Cli.execute("fuzz", "--seed", "42", "--steps", "2000", "--planted-bug", "devm-connector-state",
                "--html", fuzz.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        open("fuzz-42", Files.readString(fuzz));
        assertThat(browser.findElements(By.cssSelector("a.x"))).isNotEmpty().allMatch(WebElement::isDisplayed);
        assertThat(visibleBars()).isNotEmpty();
        screenshot("fuzz-42");

        open("watch-veth", WatchTimelineTest.page());
        assertThat(visibleBars()).hasSize((int) WatchTimeline.of("w", List.of(), WatchTimelineTest.veth(), 0).beginEvents());
        assertThat(browser.findElements(By.cssSelector("span.mtag"))).extracting(WebElement::getText)
                .contains("plug veth0", "bind veth0", "unplug veth0", "unbind veth0");
        screenshot("watch-veth");
    }

    @Test
    void thePageIsReadableWithoutJavaScript() throws IOException {
        String html = TimelineHtml.render(ScenarioRunner.run(Scenarios.resolve("drmm-mmio"), RunOptions.defaults()));
        open("no-script", html.replace(TimelineStyle.SCRIPT, ""));

        assertThat(visibleBars()).isNotEmpty();
        WebElement bar = browser.findElement(By.cssSelector("div.bar[data-report]"));
        assertThat(bar.getAttribute("title").replaceAll(" +", " ")).as("the details, as a tooltip the browser draws")
                .contains("ADD card0 #2 vgpu hw fini + iounmap", "REL card0 #2", "report 1");
        assertThat(browser.findElement(By.cssSelector("a.x")).isDisplayed()).isTrue();
        assertThat(Map.of("body", browser.findElement(By.tagName("body")).getAttribute("class")))
                .as("the script did not run").containsEntry("body", "");
    }
}
