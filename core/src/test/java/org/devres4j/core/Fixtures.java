package org.devres4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared helpers for the core tests: an owner type, a log of what ran, a list snapshot. */
final class Fixtures {
    private Fixtures() {
    }

    /** A stand-in owner, like a device. */
    record Dev(String name) {
    }

    /** Records the names of the actions that ran, in order; thread-safe. */
    static final class RunLog {
        private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

        Release<Dev> action(String name) {
            return Release.named(name, owner -> ran.add(name));
        }

        void record(String name) {
            ran.add(name);
        }

        List<String> ran() {
            synchronized (ran) {
                return List.copyOf(ran);
            }
        }
    }

    /** Everything observable about a list: entries (groups included) and size. */
    record Snapshot(List<LeakReport.Entry> entries, int size, boolean closed) {
    }

    /**
     * The seed of a seeded randomized test: {@code -Ddevres4j.seed=N} replays one, otherwise a fresh one;
     * printed either way, with the line that replays it.
     */
    static long seed(String test) {
        long seed = Long.getLong("devres4j.seed", System.nanoTime());
        System.out.println(test + " seed " + seed + " (replay: -Ddevres4j.seed=" + seed + ")");
        return seed;
    }

    static Snapshot snapshot(ResourceList<?> list) {
        return new Snapshot(list.leakReport().entries(), list.size(), list.isClosed());
    }
}
