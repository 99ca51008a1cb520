package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code devres4j watch} on the machine's real {@code /sys/class/net} (read-only: it binds no device the test
 * did not name, so it needs no root): JSON lines, the HTML page, and its refusals. Real devices appearing and
 * disappearing under it are the linux module's tests.
 */
class WatchCommandTest {

    static {
        // the tests run patched into module org.devres4j.cli, which does not read java.xml (main code needs no XML)
        WatchCommandTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void linuxOnly() {
        boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                && Files.isDirectory(Path.of("/sys/class/net/lo"));
        if (!linux) {
            System.out.println("[devres4j cli] SKIPPED WatchCommandTest: watch needs Linux's /sys/class/net");
        }
        Assumptions.assumeTrue(linux, "watch needs Linux's /sys/class/net");
    }

    @Test
    void jsonModePrintsOneObjectPerLineAndCoversTheDevicesAlreadyThere() throws Exception {
        Path page = dir.resolve("watch.html");
        Cli.Run r = Cli.execute("watch", "--source", "scan", "--seconds", "1", "--json", "--match", "zz-none*",
                "--html", page.toString());

        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> lines = Arrays.asList(r.out().split("\n"));
        assertThat(lines).as(r.all()).allMatch(l -> l.startsWith("{\"t\":") && l.endsWith("}"));
        assertThat(lines.get(0)).contains("\"verb\":\"WATCH\"", "\"source\":\"scan\"", "\"match\":\"zz-none*\"");
        assertThat(lines).anyMatch(l -> l.contains("\"verb\":\"PLUG\",\"device\":\"lo\"") && l.contains("\"origin\":\"coldplug\""));
        assertThat(lines).anyMatch(l -> l.contains("\"verb\":\"UNPLUG\",\"device\":\"lo\"") && l.contains("\"reason\":\"bus closed\""));
        assertThat(lines).noneMatch(l -> l.contains("\"verb\":\"BIND\""));
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(r.err()).contains("wrote the HTML timeline of watch: net to " + page);
        org.w3c.dom.Document doc = TimelineHtmlTest.parseXml(html);
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("devres4j timeline: watch: net");
        assertThat(TimelineHtmlTest.byClass(doc, "div", "bar")).as("lo's presence, from plug to the bus's close")
                .anyMatch(b -> b.getAttribute("data-owner").equals("lo") && b.getAttribute("data-owner-kind").equals("hardware")
                        && b.hasAttribute("data-released-step"));
    }

    @Test
    void badUsageIsRefusedWithExitCode2AndTheReason() {
        Cli.Run glob = Cli.execute("watch", "--match", "a/b", "--seconds", "0");
        assertThat(glob.exitCode()).isEqualTo(2);
        assertThat(glob.err()).contains("devres4j watch: device match: the glob 'a/b' is refused: it must be non-blank and contain no '/'");

        Cli.Run source = Cli.execute("watch", "--source", "carrier-pigeon", "--seconds", "0");
        assertThat(source.exitCode()).isEqualTo(2);
        assertThat(source.err()).contains("devres4j watch: --source 'carrier-pigeon' is not one of auto, netlink, scan");

        Cli.Run readers = Cli.execute("watch", "--readers", "0", "--seconds", "0");
        assertThat(readers.exitCode()).isEqualTo(2);
        assertThat(readers.err()).contains("--readers must be at least 1");

        Cli.Run subsystem = Cli.execute("watch", "--subsystem", "../etc", "--seconds", "0");
        assertThat(subsystem.exitCode()).isEqualTo(2);
        assertThat(subsystem.err()).contains("sysfs: the subsystem name '../etc' is refused");

        if (Runtime.version().feature() < 22) {
            Cli.Run netlink = Cli.execute("watch", "--source", "netlink", "--seconds", "0");
            assertThat(netlink.exitCode()).isEqualTo(2);
            assertThat(netlink.err()).contains("netlink uevents need the FFM API of JDK 22+");
        }
    }
}
