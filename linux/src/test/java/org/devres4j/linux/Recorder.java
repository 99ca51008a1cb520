package org.devres4j.linux;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records a bus's events; tests wait (bounded) for the event they expect. */
final class Recorder implements LinuxListener {

    private final List<LinuxEvent> events = new ArrayList<>();

    @Override
    public synchronized void onEvent(LinuxEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<LinuxEvent> events() {
        return List.copyOf(events);
    }

    /** @return the events of one type */
    synchronized <T extends LinuxEvent> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (LinuxEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }

    /** @return the driver-model verbs and names of one device, e.g. {@code REL b} */
    synchronized List<String> trace(String device) {
        List<String> out = new ArrayList<>();
        for (LinuxEvent e : events) {
            if (e instanceof LinuxEvent.Trace && e.device().equals(device)) {
                out.add(e.verb() + " " + ((LinuxEvent.Trace) e).event().name());
            }
        }
        return out;
    }

    /** Waits up to 10 s for an event matching {@code p}. */
    synchronized <T extends LinuxEvent> T await(Class<T> type, Predicate<T> p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            for (LinuxEvent e : events) {
                if (type.isInstance(e) && p.test(type.cast(e))) {
                    return type.cast(e);
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("waited 10 s for a " + type.getSimpleName() + " event; seen: " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
