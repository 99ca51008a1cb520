package org.devres4j.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.devres4j.core.TraceEvent;
import org.devres4j.linux.KernelEvent;
import org.devres4j.linux.LinuxEvent;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * Turns what {@code devres4j watch} saw on real devices into the same {@link Timeline} a simulated run gets:
 * every kernel event that arrived (a uevent, or a device plugged or unplugged without one: the start's
 * enumeration, the bus closing) starts a column labelled with its time; the driver model's events that
 * followed it belong to that column. A device's presence (plug to unplug) is a hardware bar in its lane, its
 * driver-model lifetime (device add to free) the lane's own bar, and every devres {@code ADD} a bar to its
 * {@code REL}. Status lines are bookkeeping in the log.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> the rows in the order they were printed. <b>Concurrency:</b>
 * pure function; the caller hands over a copy of its rows.
 */
final class WatchTimeline {

    /**
     * One printed line of {@code watch}.
     *
     * @param t      seconds since the start
     * @param event  the bus's typed event, or null for the command's own lines ({@code WATCH}, {@code STAT},
     *               {@code SUMMARY})
     * @param verb   its verb
     * @param device the device it concerns, or empty
     * @param text   its text as printed
     */
    record Row(double t, LinuxEvent event, String verb, String device, String text) {
    }

    private WatchTimeline() {
    }

    /**
     * @param title   e.g. {@code watch: net}
     * @param facts   label and value pairs for the header
     * @param rows    the kept rows, oldest first
     * @param dropped how many older rows were not kept
     * @return the picture
     */
    static Timeline of(String title, List<String[]> facts, List<Row> rows, long dropped) {
        TimelineBuilder b = new TimelineBuilder(title).outcome("watch", "watch");
        for (String[] f : facts) {
            b.fact(f[0], f[1]);
        }
        if (dropped > 0) {
            b.gap(dropped);
        }
        Map<String, Integer> plugs = new HashMap<>();
        int column = 0;
        String cause = null;   // the device whose uevent opened the current column
        for (Row r : rows) {
            LinuxEvent e = r.event();
            boolean opens = e instanceof LinuxEvent.Received
                    || (e instanceof LinuxEvent.Plugged || e instanceof LinuxEvent.Unplugged
                        || e instanceof LinuxEvent.Resynced) && !r.device().equals(cause)
                    || column == 0;
            if (opens) {
                column++;
                cause = e instanceof LinuxEvent.Received ? r.device() : null;
                String label = String.format(Locale.ROOT, "%.3f s", r.t());
                b.column(column, label, what(r), 0);
            }
            step(b, column, r, plugs);
        }
        return b.build();
    }

    /** @return what a column's first row did, as its header says it */
    private static String what(Row r) {
        LinuxEvent e = r.event();
        if (e instanceof LinuxEvent.Received rec) {
            KernelEvent k = rec.event();
            return k.action().name().toLowerCase(Locale.ROOT) + " " + k.name();
        }
        if (e instanceof LinuxEvent.Plugged p) {
            return "plug " + p.device() + " (" + p.origin().name().toLowerCase(Locale.ROOT) + ")";
        }
        if (e instanceof LinuxEvent.Unplugged u) {
            return "unplug " + u.device() + ": " + u.reason();
        }
        return r.verb().toLowerCase(Locale.ROOT) + (r.device().isEmpty() ? "" : " " + r.device());
    }

    private static void step(TimelineBuilder b, int column, Row r, Map<String, Integer> plugs) {
        LinuxEvent e = r.event();
        String text = String.format(Locale.ROOT, "%.3f s  ", r.t()) + r.verb() + " " + r.text();
        if (e instanceof LinuxEvent.Plugged p) {
            int n = plugs.merge(p.device(), 1, Integer::sum);
            b.event(column, "PLUG", new Owner(OwnerKind.HARDWARE, p.device()), n, Effect.BEGIN, p.identity(),
                    p.origin().name().toLowerCase(Locale.ROOT), text, 0);
        } else if (e instanceof LinuxEvent.Unplugged u) {
            int n = plugs.getOrDefault(u.device(), 0);
            b.event(column, "UNPLUG", new Owner(OwnerKind.HARDWARE, u.device()), n, n > 0 ? Effect.END : Effect.NONE,
                    u.reason(), r.text(), text, 0);
        } else if (e instanceof LinuxEvent.Trace tr) {
            TraceEvent t = tr.event();
            b.event(column, t.verb(), new Owner(OwnerKind.DEVICE, t.owner()), t.order(), Effect.ofKernelVerb(t.verb()),
                    t.name(), t.detail(), text, 0);
        } else {
            Owner owner = r.device().isEmpty() ? Owner.WORLD : new Owner(OwnerKind.DEVICE, r.device());
            b.event(column, r.verb(), owner, 0, Effect.NONE, r.text(), "", text, 0);
        }
    }
}
