package org.devres4j.driver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.devres4j.core.Release;
import org.devres4j.core.TraceEvent;

/** Small helpers shared by the driver-model tests. */
final class TestDrivers {
    private TestDrivers() {
    }

    @FunctionalInterface
    interface Step {
        void run(BoundDevice dev) throws Exception;
    }

    /** A driver made of two lambdas. */
    static Driver driver(String name, Step probe, Step remove) {
        return new Driver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void probe(BoundDevice dev) throws Exception {
                probe.run(dev);
            }

            @Override
            public void remove(BoundDevice dev) throws Exception {
                remove.run(dev);
            }

            @Override
            public String toString() {
                return "driver " + name;
            }
        };
    }

    /** A thread-safe ordered log of what ran. */
    static final class Log {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        void add(String s) {
            lines.add(s);
        }

        Release<Device> action(String name) {
            return Release.named(name, d -> lines.add("rel " + name));
        }

        List<String> snapshot() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        void clear() {
            lines.clear();
        }
    }

    /** Attaches a trace listener to a bus and keeps "VERB owner name" lines. */
    static List<String> trace(Bus bus) {
        List<String> out = Collections.synchronizedList(new ArrayList<>());
        bus.addTraceListener((TraceEvent e) -> out.add(e.verb() + " " + e.owner() + " " + e.name()));
        return out;
    }
}
