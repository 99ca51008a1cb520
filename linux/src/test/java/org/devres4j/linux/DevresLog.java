package org.devres4j.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.TraceListener;

/**
 * Collects the driver model's trace per device and checks the lifetime rules on it: each binding's devres
 * actions released exactly once, newest first; one bind and one unbind per device.
 */
final class DevresLog implements TraceListener {

    private final Map<String, List<TraceEvent>> byOwner = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    /** Records a bus event (plug, unplug, skip) of a device, shown when an assertion on it fails. */
    synchronized void note(LinuxEvent e) {
        if (!(e instanceof LinuxEvent.Trace)) {
            notes.computeIfAbsent(e.device(), k -> new ArrayList<>()).add(e.toString());
        }
    }

    synchronized List<String> notes(String device) {
        return List.copyOf(notes.getOrDefault(device, List.of()));
    }

    @Override
    public synchronized void onEvent(TraceEvent event) {
        byOwner.computeIfAbsent(event.owner(), k -> new ArrayList<>()).add(event);
    }

    synchronized List<TraceEvent> of(String owner) {
        return List.copyOf(byOwner.getOrDefault(owner, List.of()));
    }

    synchronized List<String> owners() {
        return List.copyOf(byOwner.keySet());
    }

    /**
     * Asserts, for one device: bound once, unbound once; every devres ADD released exactly once (one REL of
     * its order number), none dropped, and the RELs in exactly the reverse order of the ADDs.
     *
     * @param device the device
     * @param adds   how many devres adds the driver makes per binding
     */
    void assertReleasedOnceNewestFirst(String device, int adds) {
        List<TraceEvent> events = of(device);
        List<Integer> added = new ArrayList<>();
        List<Integer> released = new ArrayList<>();
        int binds = 0;
        int unbinds = 0;
        for (TraceEvent e : events) {
            switch (e.verb()) {
                case TraceEvent.ADD: added.add(e.order()); break;
                case TraceEvent.REL: released.add(e.order()); break;
                case "BIND": binds++; break;
                case "UNBIND": unbinds++; break;
                default: break;
            }
        }
        assertThat(events).as("trace of %s", device).noneMatch(e -> e.verb().equals(TraceEvent.DEL) || e.verb().equals(TraceEvent.FAIL));
        assertThat(binds).as("binds of %s in %s; bus events %s", device, events, notes(device)).isEqualTo(1);
        assertThat(unbinds).as("unbinds of %s in %s", device, events).isEqualTo(1);
        assertThat(added).as("devres adds of %s", device).hasSize(adds);
        List<Integer> reversed = new ArrayList<>(added);
        java.util.Collections.reverse(reversed);
        assertThat(released).as("devres releases of %s (each once, newest first) in %s", device, events)
                .containsExactlyElementsOf(reversed);
    }
}
