package org.devres4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.devres4j.core.TraceEvent;
import org.devres4j.linux.KernelEvent;
import org.devres4j.linux.LinuxEvent;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * {@code watch --html} draws the picture a simulated run gets: the same bars, lanes and markers, from the bus's
 * typed events (here made by hand: a veth device plugged, bound, sampled, removed).
 */
class WatchTimelineTest {

    static {
        WatchTimelineTest.class.getModule().addReads(ModuleLayer.boot().findModule("java.xml").orElseThrow());
    }

    private static KernelEvent uevent(KernelEvent.Action action, String name) {
        return new KernelEvent(action, "/devices/virtual/net/" + name, "net", 7, Map.of("INTERFACE", name),
                KernelEvent.Origin.SCAN, 0);
    }

    private static LinuxEvent.Trace trace(String verb, String owner, String name, int order) {
        return new LinuxEvent.Trace(new TraceEvent(verb, owner, name, order, ""));
    }

    /** @return what a watch of one veth device, plugged, bound, sampled and removed, printed */
    static List<WatchTimeline.Row> veth() {
        List<WatchTimeline.Row> rows = new ArrayList<>();
        rows.add(new WatchTimeline.Row(0.0, null, "WATCH", "", "subsystem net, scan"));
        List<LinuxEvent> events = List.of(
                new LinuxEvent.Plugged("lo", "ifindex 1", KernelEvent.Origin.COLDPLUG),
                trace("DEVICE-ADD", "lo", "lo", 0),
                new LinuxEvent.Received(uevent(KernelEvent.Action.ADD, "veth0")),
                new LinuxEvent.Plugged("veth0", "ifindex 9", KernelEvent.Origin.SCAN),
                trace("DEVICE-ADD", "veth0", "veth0", 0),
                trace("ADD", "veth0", "stats history veth0", 1),
                trace("ADD", "veth0", "sampler veth0", 2),
                trace("BIND", "veth0", "netstats", 0),
                new LinuxEvent.Received(uevent(KernelEvent.Action.REMOVE, "veth0")),
                new LinuxEvent.Unplugged("veth0", "ifindex 9", "removed by the kernel", true, 0, 1000),
                trace("UNBIND", "veth0", "netstats", 0),
                trace("REL", "veth0", "sampler veth0", 2),
                trace("REL", "veth0", "stats history veth0", 1),
                trace("DEVICE-DEL", "veth0", "veth0", 0),
                trace("DEVICE-FREE", "veth0", "veth0", 0));
        double t = 0.1;
        for (LinuxEvent e : events) {
            rows.add(new WatchTimeline.Row(t, e, e.verb(), e.device(), e.verb() + " " + e.device()));
            if (e instanceof LinuxEvent.Trace tr && tr.event().verb().equals("BIND")) {
                rows.add(new WatchTimeline.Row(t + 1, null, "STAT", "veth0", "veth0: 20 reads/s"));
            }
            t += 0.25;
        }
        return rows;
    }

    static String page() {
        return TimelineHtml.render("watch: net", List.of(WatchTimeline.of("watch: net",
                List.<String[]>of(new String[] {"source", "scan"}), veth(), 0)));
    }

    @Test
    void aWatchedDeviceGetsItsPresenceItsDeviceAndItsDevresAsBarsWithTheMarkers() throws Exception {
        Timeline t = WatchTimeline.of("watch: net", List.of(), veth(), 0);
        Document doc = TimelineHtmlTest.parseXml(page());

        assertThat(t.columns).extracting(Timeline.Column::script)
                .containsExactly("watch", "plug lo (coldplug)", "add veth0", "remove veth0");
        assertThat(t.columns.get(2).label()).isEqualTo("0.600 s");
        List<Element> bars = TimelineHtmlTest.byClass(doc, "div", "bar");
        assertThat(bars).hasSize(6).hasSize((int) t.beginEvents());
        assertThat(bars).extracting(b -> b.getAttribute("data-owner") + "/" + b.getAttribute("data-owner-kind") + "#"
                        + b.getAttribute("data-order") + " " + b.getAttribute("data-resource") + " "
                        + b.getAttribute("data-ended"))
                .containsExactly("lo/device#0 lo open", "lo/hardware#1 ifindex 1 open",
                        "veth0/device#0 veth0 released", "veth0/hardware#1 ifindex 9 released",
                        "veth0/device#1 stats history veth0 released", "veth0/device#2 sampler veth0 released");
        assertThat(t.milestones).extracting(Timeline.Milestone::label).containsExactly("plug lo", "plug veth0",
                "bind veth0", "unplug veth0", "unbind veth0", "remove veth0");
        assertThat(TimelineHtmlTest.byClass(doc, "details", "book")).hasSize(1)
                .allSatisfy(d -> assertThat(d.getTextContent()).contains("STAT", "20 reads/s"));
        assertThat(doc.getElementsByTagName("h1").item(0).getTextContent()).isEqualTo("devres4j timeline: watch: net");
        assertThat(TimelineHtmlTest.byClass(doc, "span", "lg")).extracting(e -> e.getTextContent().trim())
                .as("the legend names only what a watch draws: devices, their hardware, no sanitizer marks")
                .containsExactly("Device: devres list (and its hardware)", "hardware: MMIO range, IRQ line",
                        "still alive at the end", "hover or focus a bar for its events");
    }

    @Test
    void rowsThatFellOutOfTheWatchWindowAreAGap() {
        List<WatchTimeline.Row> rows = veth().subList(6, veth().size());

        Timeline t = WatchTimeline.of("watch: net", List.of(), rows, 6);

        assertThat(t.columns.get(0).gap()).isTrue();
        assertThat(t.bars).filteredOn(b -> b.begunBefore).isNotEmpty()
                .allSatisfy(b -> assertThat(b.start.column()).isZero());
    }
}
