package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.devres4j.sim.Event;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Report;
import org.devres4j.sim.RunOptions;
import org.devres4j.sim.RunResult;
import org.devres4j.sim.ScenarioRunner;
import org.devres4j.sim.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The page of {@code --html FILE}, read as XML (the browser's view is {@link TimelineBrowserTest}): one bar per
 * lifetime with its data attributes, each report on the bar its subject names with its ghost, links both ways,
 * the full log with bookkeeping collapsed, buggy and fixed on one axis, escaping, and the refusals.
 */
class TimelineHtmlTest {

    static {
        // the tests run patched into module org.devres4j.cli, which does not read java.xml (main code needs no XML)
        TimelineHtmlTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    @TempDir
    Path dir;

    static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** @return the elements whose class attribute holds the class, in document order */
    static List<Element> byClass(Document doc, String tag, String cls) {
        List<Element> out = new ArrayList<>();
        NodeList all = doc.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element byId(Document doc, String id) {
        NodeList all = doc.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.getAttribute("id").equals(id)) {
                return e;
            }
        }
        throw new AssertionError("no element with id " + id);
    }

    private Document page(String... args) throws Exception {
        Path file = dir.resolve("t.html");
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--html");
        all.add(file.toString());
        Cli.Run run = Cli.execute(all.toArray(String[]::new));
        assertThat(run.err()).as(run.all()).contains("wrote the HTML timeline");
        return parseXml(Files.readString(file));
    }

    /** The lifetimes of a run as the events give them: (owner, order) from a BEGIN to its END or DROP. */
    record Life(String owner, String kind, int order, String name, int added, Integer released) {
    }

    static List<Life> lifetimes(RunResult r) {
        List<Life> out = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        for (Event e : r.events()) {
            String key = e.owner().kind() + "/" + e.owner().name() + "#" + e.order();
            if (e.effect() == Effect.BEGIN) {
                open.put(key, out.size());
                out.add(new Life(e.owner().name(), e.owner().kind().id(), e.order(), e.name(), e.step(), null));
            } else if ((e.effect() == Effect.END || e.effect() == Effect.DROP) && open.containsKey(key)) {
                int i = open.remove(key);
                Life l = out.get(i);
                out.set(i, new Life(l.owner(), l.kind(), l.order(), l.name(), l.added(), e.step()));
            }
        }
        return out;
    }

    @Test
    void traceWritesOneWellFormedSelfContainedPageAndKeepsItsOutputAndExitCode() throws Exception {
        Path file = dir.resolve("t.html");

        Cli.Run run = Cli.execute("trace", "drmm-mmio:buggy", "--html", file.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).isEqualTo(Cli.execute("trace", "drmm-mmio:buggy").out());
        assertThat(run.err()).contains("wrote the HTML timeline of drmm-mmio:buggy to " + file);
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").endsWith("</html>\n")
                .doesNotContain("https://", "src=", "<link", "@import", "url(");
        assertThat(html.split("http://", -1)).as("only the XHTML namespace").hasSize(2);
        Document doc = parseXml(html);
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("devres4j timeline: drmm-mmio:buggy");
        String facts = byClass(doc, "p", "facts").get(0).getTextContent();
        assertThat(facts).contains("reports", "exit code 1", "seed 1", "steps 8", "sanitizer reports 2");
    }

    @Test
    void everyLifetimeIsOneBarCarryingItsOwnerResourceAndSteps() throws Exception {
        Document doc = page("run", "devm-connector-state", "--seed", "3");
        RunResult result = ScenarioRunner.run(Scenarios.resolve("devm-connector-state"), new RunOptions(false, 3));
        List<Life> expected = lifetimes(result);

        List<Element> bars = byClass(doc, "div", "bar");
        assertThat(bars).as("one bar per event that begins a lifetime")
                .hasSize((int) result.events().stream().filter(e -> e.effect() == Effect.BEGIN).count())
                .hasSameSizeAs(expected);
        List<Life> drawn = new ArrayList<>();
        for (Element b : bars) {
            String released = b.getAttribute("data-released-step");
            drawn.add(new Life(b.getAttribute("data-owner"), b.getAttribute("data-owner-kind"),
                    Integer.parseInt(b.getAttribute("data-order")), b.getAttribute("data-resource"),
                    Integer.parseInt(b.getAttribute("data-added-step")), released.isEmpty() ? null : Integer.parseInt(released)));
        }
        assertThat(drawn).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(drawn).anySatisfy(l -> assertThat(l).isEqualTo(
                new Life("vgpu0", "device", 4, "vgpu connector state", 2, 6)));
        assertThat(bars).allSatisfy(b -> assertThat(b.getAttribute("title")).as("details without JavaScript")
                .contains("step " + b.getAttribute("data-added-step") + ": "));
    }

    @Test
    void theDrmmMappingCarriesBothReportsAndAGhostEndingAtTheUnbind() throws Exception {
        Document doc = page("run", "drmm-mmio");

        List<Element> marked = new ArrayList<>();
        for (Element b : byClass(doc, "div", "bar")) {
            if (b.hasAttribute("data-report")) {
                marked.add(b);
            }
        }
        assertThat(marked).hasSize(1);
        Element bar = marked.get(0);
        assertThat(bar.getAttribute("data-owner")).isEqualTo("card0");
        assertThat(bar.getAttribute("data-resource")).isEqualTo("vgpu hw fini + iounmap");
        assertThat(bar.getAttribute("data-report")).isEqualTo("unguarded-access use-after-unplug");
        assertThat(bar.getAttribute("data-added-step")).isEqualTo("2");
        assertThat(bar.getAttribute("data-released-step")).isEqualTo("7");
        Element row = (Element) bar.getParentNode();
        List<Element> crosses = byClass(doc, "a", "x");
        assertThat(crosses).hasSize(2).allSatisfy(x -> {
            assertThat(x.getParentNode()).as("the cross sits in its bar's row").isSameAs(row);
            assertThat(x.getAttribute("data-for")).isEqualTo(bar.getAttribute("id"));
        });
        List<Element> ghosts = byClass(doc, "div", "ghost");
        assertThat(ghosts).isNotEmpty().allSatisfy(g -> {
            assertThat(g.getParentNode()).isSameAs(row);
            assertThat(g.getTextContent()).isEqualTo("should end: unbind vgpu0");
            assertThat(px(g, "width")).as("it should have ended before it did").isLessThan(px(bar, "width"));
        });
        assertThat(byClass(doc, "div", "lane").get(1).getAttribute("data-owner")).isEqualTo("card0");
        assertThat(byClass(doc, "div", "lane").get(1).getAttribute("class")).contains("haserr");
        List<Element> over = byClass(doc, "div", "over");
        assertThat(over).as("the part of the bar past the unbind, hatched red").hasSize(1);
        Element o = over.get(0);
        assertThat(o.getParentNode()).isSameAs(row);
        Element ghost = ghosts.get(0);
        assertThat(px(o, "left")).as("it starts where the ghost ends")
                .isCloseTo(px(ghost, "left") + px(ghost, "width"), org.assertj.core.data.Offset.offset(0.6));
        assertThat(px(o, "left") + px(o, "width")).as("it ends where the bar ends")
                .isCloseTo(px(bar, "left") + px(bar, "width"), org.assertj.core.data.Offset.offset(0.6));
        assertThat(o.getAttribute("title")).isEqualTo("alive after unbind vgpu0: the lifetime it overran");
    }

    @Test
    void theFixedMappingHasNoOverrunNoGhostAndEndsAtTheUnbind() throws Exception {
        Document doc = page("run", "drmm-mmio:fixed");

        assertThat(byClass(doc, "div", "over")).isEmpty();
        assertThat(byClass(doc, "div", "ghost")).isEmpty();
        Element unmap = byClass(doc, "div", "bar").stream()
                .filter(b -> b.getAttribute("data-resource").equals("iounmap vgpu0:bar0")).findFirst().orElseThrow();
        assertThat(unmap.getAttribute("data-owner")).isEqualTo("vgpu0");
        assertThat(unmap.getAttribute("data-owner-kind")).isEqualTo("device");
        assertThat(unmap.hasAttribute("data-report")).isFalse();
    }

    private static double px(Element e, String property) {
        for (String decl : e.getAttribute("style").split(";")) {
            String[] kv = decl.split(":");
            if (kv[0].strip().equals(property)) {
                return Double.parseDouble(kv[1].replace("px", "").strip());
            }
        }
        throw new AssertionError("no " + property + " in " + e.getAttribute("style"));
    }

    @Test
    void aUseAfterReleaseIsACrossAfterItsBarWithAGhostToTheUse() throws Exception {
        Document doc = page("run", "devm-connector-state");

        Element x = byClass(doc, "a", "x").get(0);
        Element bar = byId(doc, x.getAttribute("data-for"));
        assertThat(bar.getAttribute("data-resource")).isEqualTo("vgpu connector state");
        assertThat(bar.getAttribute("data-owner-kind")).isEqualTo("device");
        double barEnd = px(bar, "left") + px(bar, "width");
        assertThat(px(x, "left")).as("the use comes after the release").isGreaterThan(barEnd);
        Element ghost = byClass(doc, "div", "ghost").get(0);
        assertThat(px(ghost, "left") + px(ghost, "width")).as("the ghost reaches the use").isCloseTo(px(x, "left"),
                org.assertj.core.data.Offset.offset(0.2));
        assertThat(ghost.getTextContent()).startsWith("needed until: step ");
        assertThat(byClass(doc, "div", "over")).as("nothing outlived a release point: the use came too late").isEmpty();
        assertThat(byClass(doc, "a", "flink").get(0).getTextContent())
                .contains("on vgpu0 #", "vgpu connector state, should have lived until its use at step ");
    }

    @Test
    void theHeaderLinksToEachReportAndEachReportBackToItsBar() throws Exception {
        RunResult result = ScenarioRunner.run(Scenarios.resolve("release-at-delete"), RunOptions.defaults());
        Document doc = page("run", "release-at-delete");

        List<Element> links = byClass(doc, "a", "flink");
        assertThat(links).hasSameSizeAs(result.reports());
        for (int n = 1; n <= links.size(); n++) {
            Report r = result.reports().get(n - 1);
            Element link = links.get(n - 1);
            assertThat(link.getAttribute("href")).isEqualTo("#p0-report-" + n);
            assertThat(link.getTextContent()).contains(r.kind().title(), r.object());
            Element box = byId(doc, "p0-report-" + n);
            assertThat(box.getTextContent()).contains(r.kind().id(), r.detail(), r.allocated(), r.released(), r.shouldHave());
            for (String c : r.chain()) {
                assertThat(box.getTextContent()).contains(c);
            }
            Element back = byClass(doc, "a", "back").get(n - 1);
            Element bar = byId(doc, back.getAttribute("href").substring(1));
            assertThat(bar.getAttribute("data-owner")).isEqualTo(r.subject().owner().name());
            assertThat(bar.getAttribute("data-order")).isEqualTo(String.valueOf(r.subject().order()));
        }
    }

    @Test
    void aFindingOnNoSingleResourceSitsOnTheFindingsRowAndLinksBackToItsCross() throws Exception {
        Document doc = worldFindingPage();

        Element orphan = byClass(doc, "div", "orphan").get(0);
        Element x = byClass(doc, "a", "x").get(0);
        assertThat(x.getParentNode()).isSameAs(orphan);
        assertThat(x.hasAttribute("data-for")).isFalse();
        assertThat(byClass(doc, "a", "back").get(0).getAttribute("href")).isEqualTo("#" + x.getAttribute("id"));
        assertThat(byClass(doc, "div", "bar")).isEmpty();
    }

    @Test
    void theLegendShowsOnlyTheKindsAndMarksThePageDraws() throws Exception {
        List<String> buggy = legendItems(page("run", "drmm-mmio"));
        assertThat(buggy).contains("\u2715 sanitizer report", "the lifetime it should have had", "alive past it: the bug");
        List<String> fixed = legendItems(page("run", "drmm-mmio:fixed"));
        assertThat(fixed).doesNotContain("\u2715 sanitizer report", "the lifetime it should have had", "alive past it: the bug")
                .contains("hover or focus a bar for its events");

        Document doc = worldFindingPage();
        assertThat(byClass(doc, "span", "sw").stream().map(e -> e.getAttribute("class")).toList())
                .as("no lane, no bar: no owner swatch").noneMatch(c -> c.contains(" k-"));
        assertThat(legendItems(doc)).contains("\u2715 sanitizer report").doesNotContain("still alive at the end");
    }

    /** A page made by hand: one step, one finding on the world (no resource), no bar. */
    private static Document worldFindingPage() throws Exception {
        TimelineBuilder b = new TimelineBuilder("made by hand");
        b.column(1, "1", "plug vgpu0", 1);
        b.stepLine(1, "plug vgpu0", 1);
        b.event(1, "SANITIZER", Event.Owner.WORLD, 0, Effect.NONE, "eexist: name", "", "SANITIZER eexist: name", 1);
        b.finding(1, "eexist", "EEXIST on re-registration", "device name 'vgpu0'", "step 1", 1, List.of(), List.of(),
                null, 0, null);
        return parseXml(TimelineHtml.render("made by hand", List.of(b.build())));
    }

    private static List<String> legendItems(Document doc) {
        return byClass(doc, "span", "lg").stream().map(e -> e.getTextContent().trim()).toList();
    }

    @Test
    void theLogHasEveryEventAndCollapsesNameBookkeeping() throws Exception {
        RunResult result = ScenarioRunner.run(Scenarios.resolve("drmm-mmio"), RunOptions.defaults());
        Document doc = page("run", "drmm-mmio");

        List<Element> rows = byClass(doc, "div", "ev");
        List<Event> events = result.events().stream().filter(e -> !e.isStepStart()).toList();
        assertThat(rows).hasSameSizeAs(events);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).getAttribute("title")).as("row %d", i).endsWith(org.devres4j.sim.EventText.body(events.get(i)));
        }
        assertThat(byClass(doc, "div", "step")).hasSize((int) result.events().stream().filter(Event::isStepStart).count());
        List<Element> books = byClass(doc, "details", "book");
        assertThat(books).isNotEmpty().allSatisfy(d -> {
            assertThat(d.hasAttribute("open")).as("collapsed by default").isFalse();
            assertThat(d.getElementsByTagName("summary").item(0).getTextContent()).contains("bookkeeping event");
        });
        long bookkeeping = events.stream().filter(e -> Timeline.isBookkeeping(e.verb())).count();
        assertThat(books.stream().mapToInt(d -> byClassIn(d, "ev")).sum()).isEqualTo((int) bookkeeping).isPositive();
        assertThat(byClass(doc, "details", "logbox").get(0).getAttribute("open")).isEqualTo("open");
    }

    private static int byClassIn(Element parent, String cls) {
        int n = 0;
        NodeList all = parent.getElementsByTagName("div");
        for (int i = 0; i < all.getLength(); i++) {
            if (List.of(((Element) all.item(i)).getAttribute("class").split(" ")).contains(cls)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void compareDrawsTheBuggyAndTheFixedRunOnOneAxisAndKeepsTheGivenRunsExitCode() throws Exception {
        Path file = dir.resolve("c.html");

        Cli.Run buggy = Cli.execute("run", "drmm-mmio", "--compare", "--html", file.toString());
        Document doc = parseXml(Files.readString(file));
        Cli.Run fixed = Cli.execute("trace", "drmm-mmio:fixed", "--compare", "--html", dir.resolve("f.html").toString());

        assertThat(buggy.exitCode()).as(buggy.all()).isEqualTo(1);
        assertThat(buggy.err()).contains("wrote the HTML timeline of drmm-mmio:buggy and drmm-mmio:fixed to " + file);
        assertThat(fixed.exitCode()).as(fixed.all()).isZero();
        assertThat(fixed.out()).isEqualTo(Cli.execute("trace", "drmm-mmio:fixed").out());
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).contains("drmm-mmio: buggy and fixed");
        List<Element> panels = byClass(doc, "section", "panel");
        assertThat(panels).extracting(p -> p.getElementsByTagName("h2").item(0).getTextContent())
                .containsExactly("drmm-mmio:buggy reports", "drmm-mmio:fixed clean");
        List<Element> gantts = byClass(doc, "div", "gantt");
        assertThat(gantts.get(0).getAttribute("style")).as("one axis: the same width").isEqualTo(gantts.get(1).getAttribute("style"));
        List<Element> cols = byClass(doc, "div", "col");
        assertThat(cols.size() % 2).isZero();
        for (int i = 0; i < cols.size() / 2; i++) {
            assertThat(cols.get(i).getAttribute("style")).as("column %d at the same place", i)
                    .isEqualTo(cols.get(i + cols.size() / 2).getAttribute("style"));
        }
        assertThat(Files.readString(dir.resolve("f.html"))).isEqualTo(Files.readString(file));
    }

    @Test
    void compareIsRefusedWithoutHtmlAndForAScriptFileAndWritesNothing() throws Exception {
        Path script = dir.resolve("mine.scenario");
        Files.writeString(script, "load vgpu\nplug vgpu0\n");
        Path file = dir.resolve("none.html");

        Cli.Run noHtml = Cli.execute("run", "drmm-mmio", "--compare");
        Cli.Run notBuiltIn = Cli.execute("trace", script.toString(), "--compare", "--html", file.toString());

        assertThat(noHtml.exitCode()).isEqualTo(2);
        assertThat(noHtml.err()).isEqualTo("devres4j: --compare draws both variants on the --html page: give --html FILE "
                + "too\n");
        assertThat(noHtml.out()).isEmpty();
        assertThat(notBuiltIn.exitCode()).isEqualTo(2);
        assertThat(notBuiltIn.err()).startsWith("devres4j: --compare needs a built-in scenario with a buggy and a fixed "
                + "variant; '" + script + "' is not one (built-ins: devm-connector-state, drmm-mmio,");
        assertThat(notBuiltIn.out()).as("nothing ran").isEmpty();
        assertThat(file).doesNotExist();
    }

    @Test
    void fuzzDrawsTheShrunkScriptOfAFailureAndSaysWhyWhenThereIsNone() throws Exception {
        Path file = dir.resolve("fuzz.html");
        Cli.Run failed = Cli.execute("fuzz", "--seed", "42", "--steps", "200", "--planted-bug", "drmm-mmio",
                "--html", file.toString());
        Path clean = dir.resolve("clean.html");
        Cli.Run passed = Cli.execute("fuzz", "--seed", "1", "--steps", "50", "--html", clean.toString());

        assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
        assertThat(failed.err()).contains("wrote the HTML timeline of fuzz-seed-42-shrunk (the shrunk script) to " + file);
        Document doc = parseXml(Files.readString(file));
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("devres4j timeline: fuzz-seed-42-shrunk");
        assertThat(byClass(doc, "a", "x")).isNotEmpty();
        assertThat(byClass(doc, "div", "bar")).anyMatch(b -> b.hasAttribute("data-report"));
        assertThat(passed.exitCode()).as(passed.all()).isZero();
        assertThat(passed.err()).contains("no HTML timeline written to '" + clean + "': every invariant held");
        assertThat(clean).doesNotExist();
        Cli.Run unwritable = Cli.execute("fuzz", "--seed", "42", "--steps", "200", "--planted-bug", "drmm-mmio",
                "--html", dir.resolve("no/such/dir.html").toString());
        assertThat(unwritable.exitCode()).isEqualTo(2);
        assertThat(unwritable.err()).contains("cannot write the HTML timeline to '" + dir.resolve("no/such/dir.html") + "'");
    }

    @Test
    void namesWithMarkupAreEscaped() throws Exception {
        Path script = dir.resolve("a<b&c>'\".scenario");
        Files.writeString(script, "load vgpu\nplug vgpu0\nprocess p1\nopen p1 vgpu0 as f1\nclose p1 f1\n");
        Path file = dir.resolve("t.html");

        Cli.Run run = Cli.execute("run", script.toString(), "--html", file.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        String html = Files.readString(file);
        assertThat(html).contains("a&lt;b&amp;c&gt;&#39;&quot;.scenario").doesNotContain("a<b&c");
        Document doc = parseXml(html);
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).endsWith("a<b&c>'\".scenario");
        assertThat(TimelineHtml.escape("<x a=\"1\" b='2'>&amp;\u0001</x>"))
                .isEqualTo("&lt;x a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;amp;\uFFFD&lt;/x&gt;");
        assertThat(TimelineHtml.escape(null)).isEmpty();
    }

    @Test
    void anUnwritableFileExitsTwoNamingItAndAnUnknownScenarioWritesNothing() {
        Path missingDir = dir.resolve("no-such-dir").resolve("t.html");

        Cli.Run run = Cli.execute("trace", "drmm-mmio:fixed", "--html", missingDir.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("cannot write the HTML timeline to '" + missingDir + "'");
        Path none = dir.resolve("none.html");
        Cli.Run unknown = Cli.execute("run", "nope", "--html", none.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(none).doesNotExist();
    }

    @Test
    void nothingToDrawIsRefusedNamingThePage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TimelineHtml.render("x", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("TimelineHtml: nothing to draw for 'x': no timeline given");
    }
}
