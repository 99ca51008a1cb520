package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
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

/** {@code --html FILE} of trace and run: the page, its rows in order, the report boxes, escaping, exit codes. */
class TimelineHtmlTest {

    static {
        // the tests run patched into module org.devres4j.cli, which does not read java.xml (main code needs no XML)
        TimelineHtmlTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    @TempDir
    Path dir;

    private static Document parseXml(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static long count(String s, String needle) {
        long n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    /** @return the table rows of the timeline with a class starting with the prefix, in document order */
    private static List<Element> rows(Document doc, String classPrefix) {
        List<Element> out = new ArrayList<>();
        NodeList trs = doc.getElementsByTagName("tr");
        for (int i = 0; i < trs.getLength(); i++) {
            Element tr = (Element) trs.item(i);
            if (tr.getAttribute("class").startsWith(classPrefix)) {
                out.add(tr);
            }
        }
        return out;
    }

    private static String cell(Element tr, String cls) {
        NodeList tds = tr.getElementsByTagName("td");
        for (int i = 0; i < tds.getLength(); i++) {
            Element td = (Element) tds.item(i);
            if (td.getAttribute("class").equals(cls)) {
                return td.getTextContent();
            }
        }
        throw new AssertionError("no td." + cls + " in row " + tr.getAttribute("title"));
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
        assertThat(count(html, "http://")).as("only the XHTML namespace").isEqualTo(1);
        assertThat(count(html, "<table")).isEqualTo(count(html, "</table>")).isEqualTo(2);
        assertThat(count(html, "<div")).isEqualTo(count(html, "</div>"));
        Document doc = parseXml(html);
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent())
                .isEqualTo("devres4j timeline: drmm-mmio:buggy");
        String facts = ((Element) doc.getElementsByTagName("p").item(0)).getTextContent();
        assertThat(facts).contains("reports", "exit code 1", "seed 1", "8 steps", "2 sanitizer reports");
    }

    @Test
    void everyEventIsOneRowInOrderWithItsVerbAndOwner() throws Exception {
        Path file = dir.resolve("t.html");
        assertThat(Cli.execute("trace", "devm-connector-state", "--seed", "3", "--html", file.toString()).exitCode())
                .isEqualTo(1);
        RunResult result = ScenarioRunner.run(Scenarios.resolve("devm-connector-state"), new RunOptions(true, 3));

        Document doc = parseXml(Files.readString(file));
        List<Element> rows = new ArrayList<>(rows(doc, "ev "));
        List<String> titles = new ArrayList<>();
        for (Element tr : rows(doc, "")) {
            String cls = tr.getAttribute("class");
            if (cls.startsWith("ev ") || cls.equals("step")) {
                titles.add(tr.getAttribute("title"));
            }
        }
        assertThat(titles).as("one row per event, in order, the raw line as its hover text")
                .containsExactlyElementsOf(result.events());
        List<String> nonStep = result.events().stream().filter(e -> !e.matches("\\s*\\d+  > .*")).toList();
        assertThat(rows).hasSameSizeAs(nonStep);
        for (int i = 0; i < rows.size(); i++) {
            String line = nonStep.get(i).strip();
            String text = line.substring(line.indexOf(' ')).strip();
            String verb = cell(rows.get(i), "verb");
            String owner = cell(rows.get(i), "own");
            assertThat(text).as("row %d", i).startsWith(verb);
            assertThat(text).as("row %d", i).contains(owner);
        }
        assertThat(rows.stream().map(r -> cell(r, "verb") + " " + cell(r, "own")).toList())
                .containsSubsequence("PLUG vgpu0", "ADD vgpu0", "BIND vgpu0", "SPAWN p1", "OPEN p1", "REL vgpu0",
                        "UNBIND vgpu0", "REL card0", "SANITIZER ", "EXIT p1", "UNPLUG vgpu0");
    }

    @Test
    void rowsAreColouredByOwnerKind() throws Exception {
        Path file = dir.resolve("t.html");
        Cli.execute("trace", "drmm-mmio:buggy", "--html", file.toString());
        Document doc = parseXml(Files.readString(file));

        Map<String, String> classOf = new java.util.HashMap<>();
        for (Element tr : rows(doc, "ev ")) {
            classOf.putIfAbsent(cell(tr, "verb") + " " + cell(tr, "own"), tr.getAttribute("class"));
        }
        assertThat(classOf).containsEntry("ADD vgpu0", "ev k-dev").containsEntry("ADD card0", "ev k-drm")
                .containsEntry("SPAWN p1", "ev k-usr").containsEntry("PLUG vgpu0", "ev k-hw")
                .containsEntry("SANITIZER ", "ev k-san").containsEntry("WORLD ", "ev k-wld");
        List<String> lanes = new ArrayList<>();
        NodeList ths = doc.getElementsByTagName("th");
        for (int i = 0; i < ths.getLength(); i++) {
            Element th = (Element) ths.item(i);
            if (th.getAttribute("class").startsWith("lane")) {
                lanes.add(th.getTextContent() + "=" + th.getAttribute("class"));
            }
        }
        assertThat(lanes).containsExactly("vgpu0=lane k-dev", "card0=lane k-drm", "p1=lane k-usr", "vgpu1=lane k-dev",
                "card1=lane k-drm");
    }

    @Test
    void eachReportIsABoxWithAllItsFieldsRightAfterTheEventThatRaisedIt() throws Exception {
        Path file = dir.resolve("t.html");
        assertThat(Cli.execute("run", "virtual-device-loop", "--html", file.toString()).exitCode()).isEqualTo(1);
        RunResult result = ScenarioRunner.run(Scenarios.resolve("virtual-device-loop"), new RunOptions(false, 1));
        assertThat(result.reports()).isNotEmpty();
        String html = Files.readString(file);
        Document doc = parseXml(html);

        List<Element> trs = rows(doc, "");
        List<Element> boxes = rows(doc, "rep");
        assertThat(boxes).hasSameSizeAs(result.reports());
        for (int i = 0; i < boxes.size(); i++) {
            Report r = result.reports().get(i);
            String box = boxes.get(i).getTextContent();
            assertThat(box).contains("SANITIZER: " + r.kind().title(), r.kind().id(), r.object(), r.allocated(),
                    r.released(), r.shouldHave(), r.detail());
            for (String link : r.chain()) {
                assertThat(box).contains(link);
            }
            Element before = trs.get(trs.indexOf(boxes.get(i)) - 1);
            assertThat(before.getAttribute("title")).as("the box follows its SANITIZER event")
                    .contains("SANITIZER " + r.kind().id() + ": " + r.object());
        }
        assertThat(result.reports()).anySatisfy(r -> assertThat(r.chain()).isNotEmpty());
        assertThat(html).contains("<dt>chain</dt>", "<dt>should have</dt>", "<dt>allocated</dt>", "<dt>released</dt>");
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
    void runKeepsItsExitCodesAndItsJsonWithHtml() throws IOException {
        Path fixed = dir.resolve("fixed.html");
        Path buggy = dir.resolve("buggy.html");

        Cli.Run clean = Cli.execute("run", "drmm-mmio:fixed", "--html", fixed.toString());
        Cli.Run reports = Cli.execute("run", "drmm-mmio", "--json", "--html", buggy.toString());

        assertThat(clean.exitCode()).as(clean.all()).isZero();
        assertThat(Files.readString(fixed)).contains("o-clean", "exit code <b>0</b>").doesNotContain("class=\"report\"");
        assertThat(reports.exitCode()).as(reports.all()).isEqualTo(1);
        assertThat(reports.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
        assertThat(Files.readString(buggy)).contains("o-reports", "use-after-unplug");
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
    void linesAreSplitIntoVerbOwnerNameAndDetail() {
        TimelineHtml.Event add = TimelineHtml.parse("   2    ADD  card0 private data #1 simple private data (kfree)");
        assertThat(add).extracting(TimelineHtml.Event::verb, TimelineHtml.Event::owner, TimelineHtml.Event::order,
                TimelineHtml.Event::name, TimelineHtml.Event::detail)
                .containsExactly("ADD", "card0 private data", 1, "simple private data", "kfree");
        TimelineHtml.Event rel = TimelineHtml.parse("   7    REL  card0 #2 simple fini (reads data) (last put of card0)");
        assertThat(rel.name()).isEqualTo("simple fini (reads data)");
        assertThat(rel.detail()).isEqualTo("last put of card0");
        TimelineHtml.Event step = TimelineHtml.parse("   5  > unplug vgpu0   (line 7)");
        assertThat(step.stepStart()).isTrue();
        assertThat(step.step()).isEqualTo(5);
        assertThat(step.name().strip()).isEqualTo("unplug vgpu0");
        TimelineHtml.Event uevent = TimelineHtml.parse("   5    UEVENT remove vgpu0 -> p1 ignores it");
        assertThat(uevent.owner()).isEqualTo("p1");
        TimelineHtml.Event ns = TimelineHtml.parse("   5    NS   withdraw /dev/dri/card0 (card0)");
        assertThat(ns.owner()).isEqualTo("card0");
        assertThat(TimelineHtml.parse("not a log line").name()).isEqualTo("not a log line");
    }
}
