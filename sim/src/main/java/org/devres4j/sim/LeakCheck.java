package org.devres4j.sim;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.devres4j.driver.Device;
import org.devres4j.drm.DrmDevice;

/**
 * The checks at world shutdown: every device freed, every DRM device freed, every mapping unmapped,
 * every line freed, every name withdrawn. What is still alive is a leak, reported with the chain of
 * references that holds it; a chain that leads back to where it started is a reference loop.
 *
 * <p><b>Lifetime:</b> stateless; runs once, at the end of the world shutdown. <b>Order:</b> loops
 * first, then the other live objects, mappings, lines and names. <b>Concurrency:</b> on the world's
 * thread.
 */
final class LeakCheck {

    /** The verb of the leak check's event. */
    static final String VERB = "LEAK-CHECK";
    /** The name of the leak check's event when nothing is left alive. */
    static final String NOTHING_LEFT = "nothing left alive";

    private LeakCheck() {
    }

    /** A live DRM device as a graph node: it holds its parent device. */
    static SimDriver.LiveObject card(DrmDevice d) {
        return new SimDriver.LiveObject(d.name(), "DrmDevice " + d.name() + " (" + d.driver().name() + " on "
                + d.parent().name() + ", refcount " + d.refCount() + (d.isDevmAllocated() ? ", devm-allocated" : "")
                + ")", List.of(d.parent().name()), "", "");
    }

    static void run(World w) {
        Map<String, SimDriver.LiveObject> nodes = new LinkedHashMap<>();
        for (SimDriver d : w.allDrivers()) {
            for (SimDriver.LiveObject o : d.liveObjects()) {
                nodes.put(o.name(), o);
            }
        }
        for (DrmDevice c : w.virtualCards) {
            if (c != null && !c.isFreed()) {
                nodes.put(c.name(), card(c));
            }
        }
        for (Device dev : w.platform.bus().liveDevices()) {
            List<String> holds = new ArrayList<>();
            dev.parent().ifPresent(p -> holds.add(p.name()));
            for (String res : dev.devres().names()) {
                for (String card : nodes.keySet()) {
                    if (res.endsWith(" " + card)) {
                        holds.add(card);
                    }
                }
            }
            nodes.put(dev.name(), new SimDriver.LiveObject(dev.name(), "device " + dev.name() + " (refcount "
                    + dev.refCount() + (dev.isDeleted() ? ", deleted" : "") + ", devres " + dev.devres().names()
                    + ")", holds, "", ""));
        }
        int mappings = w.hw.liveMappings().size();
        int lines = w.hw.requestedLines().size();
        int names = w.ns.paths().size();
        if (nodes.isEmpty() && mappings == 0 && lines == 0 && names == 0) {
            w.log.world(VERB, NOTHING_LEFT, "every device, DRM device, mapping, line and name is gone");
        } else {
            w.log.world(VERB, "still alive: " + nodes.keySet(), mappings + " mapping(s), " + lines
                    + " line(s), " + names + " name(s)");
        }
        Set<String> inLoops = new HashSet<>();
        for (String start : nodes.keySet()) {
            if (inLoops.contains(start)) {
                continue;
            }
            List<String> cycle = cycleFrom(start, nodes);
            if (cycle != null) {
                inLoops.addAll(cycle);
                List<String> chain = new ArrayList<>();
                for (int i = 0; i < cycle.size(); i++) {
                    String n = cycle.get(i);
                    String next = cycle.get((i + 1) % cycle.size());
                    chain.add(nodes.get(n).what() + " holds " + next);
                }
                chain.add("back to " + cycle.get(0));
                w.sanitizer.report(ReportKind.REFERENCE_LOOP, String.join(" -> ", cycle) + " -> " + cycle.get(0),
                        allocated(w, cycle), "never: each object waits for the other's release",
                        "break the loop at device_del: the current policy (devres released at device_del also "
                                + "for a device without a driver), a devres group the creator releases, or a faux device",
                        "a chain of references leads back to where it started; nothing can free it", chain,
                        loopLink(w, cycle));
            }
        }
        for (SimDriver.LiveObject o : nodes.values()) {
            if (inLoops.contains(o.name())) {
                continue;
            }
            List<String> chain = new ArrayList<>();
            chain.add(o.what());
            for (SimDriver.LiveObject h : nodes.values()) {
                if (h.holds().contains(o.name())) {
                    chain.add("held by " + h.what());
                }
            }
            if (chain.size() == 1) {
                chain.add("no live object in the world holds it: a reference was taken and never dropped");
            }
            w.sanitizer.report(ReportKind.LEAK, o.what(), allocated(w, List.of(o.name())),
                    "should have been released when its last user let go, before the world shut down",
                    o.shouldHave().isEmpty() ? "every reference dropped by the time its users are gone" : o.shouldHave(),
                    "still alive after every process exited, every device was unplugged and every driver unloaded",
                    chain, ownerItself(w, o.name()));
        }
        for (org.devres4j.hw.model.LiveMapping m : w.hw.liveMappings()) {
            Lifetimes.Life unmap = w.log.lifetimes().find(m.name(), null);
            w.sanitizer.report(ReportKind.LEAK, "MMIO mapping " + m.name() + " " + m.assignment(),
                    "mapped for " + m.device(), "should have been unmapped at unbind (devm)",
                    "devm (devm_ioremap): unmapped at unbind", "never unmapped", List.of(),
                    unmap == null ? null : unmap.subject(new Event.Owner(Event.OwnerKind.DEVICE, m.device())));
        }
        for (org.devres4j.hw.model.RequestedLine l : w.hw.requestedLines()) {
            w.sanitizer.report(ReportKind.LEAK, "irq " + l.number() + " (" + l.name() + ")", "requested for " + l.device(),
                    "should have been freed at unbind (devm)", "devm (devm_request_irq): freed at unbind",
                    "never freed", List.of());
        }
        for (String path : w.ns.paths()) {
            SimNamespace.Entry e = w.ns.entry(path).orElseThrow();
            w.sanitizer.report(ReportKind.LEAK, "name " + path, "registered by " + e.owner() + " at " + e.since(),
                    "should have been withdrawn at unbind (devm)", "devm: uapi removal belongs to unbind",
                    "still registered", List.of());
        }
    }

    /**
     * @return the devres resource by which a device of the loop holds the next object (the link that the
     *         device's deletion should have released), as the report's subject; null if there is none
     */
    private static Report.Subject loopLink(World w, List<String> cycle) {
        for (int i = 0; i < cycle.size(); i++) {
            Device dev = w.devices.get(cycle.get(i));
            if (dev == null) {
                continue;
            }
            String next = cycle.get((i + 1) % cycle.size());
            for (String res : dev.devres().names()) {
                if (res.endsWith(" " + next)) {
                    Lifetimes.Life l = w.log.lifetimes().find(res, dev.name());
                    if (l != null) {
                        return l.subject(new Event.Owner(Event.OwnerKind.DEVICE, dev.name()));
                    }
                }
            }
        }
        return null;
    }

    /** @return a live device or DRM device itself (order 0) as a leak's subject, or null for another object */
    private static Report.Subject ownerItself(World w, String name) {
        if (w.devices.get(name) != null) {
            return new Report.Subject(new Event.Owner(Event.OwnerKind.DEVICE, name), 0, null);
        }
        for (SimDriver d : w.allDrivers()) {
            for (DrmDevice c : d.cards()) {
                if (c.name().equals(name)) {
                    return new Report.Subject(new Event.Owner(Event.OwnerKind.DRM, name), 0, null);
                }
            }
        }
        return null;
    }

    private static String allocated(World w, List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Lifetimes.Life l = w.log.lifetimes().find("drm_dev_init_release", n);
            if (l != null) {
                out.add(n + " allocated at " + l.added);
            } else if (w.devices.firstSeen(n) != null) {
                out.add(n + " created at " + w.devices.firstSeen(n));
            }
        }
        return String.join("; ", out);
    }

    /** @return the nodes of a cycle through {@code start}, in order, or null */
    private static List<String> cycleFrom(String start, Map<String, SimDriver.LiveObject> nodes) {
        return dfs(start, start, nodes, new LinkedHashSet<>());
    }

    private static List<String> dfs(String start, String at, Map<String, SimDriver.LiveObject> nodes,
                                    LinkedHashSet<String> path) {
        path.add(at);
        SimDriver.LiveObject o = nodes.get(at);
        if (o != null) {
            for (String next : o.holds()) {
                if (next.equals(start)) {
                    return new ArrayList<>(path);
                }
                if (!path.contains(next) && nodes.containsKey(next)) {
                    List<String> found = dfs(start, next, nodes, path);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        path.remove(at);
        return null;
    }
}
