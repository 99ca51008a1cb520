package org.devres4j.sim;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A userspace process: its open files and mappings by the names the script gave them, each with its
 * registration number on the process (the event log's resource number), and how it reacts to a
 * removal uevent — close at once, close late (a few steps later, chosen by the scheduler), or never
 * until it exits.
 *
 * <p><b>Lifetime:</b> from its {@code process} step to its exit. <b>Order:</b> files and mappings in
 * the order they were made. <b>Concurrency:</b> single-threaded, like the world.
 */
final class SimProcess {

    /** How a process reacts when a device it has open goes away. */
    enum Reaction {
        NOW, LATE, NEVER;

        static Reaction of(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * A file or mapping the process holds, with its registration number on the process.
     *
     * @param value  the file or mapping
     * @param number its number
     * @param <T>    what is held
     */
    record Held<T>(T value, int number) {
    }

    final String name;
    final Reaction reaction;
    final Map<String, Held<UserFile>> files = new LinkedHashMap<>();
    final Map<String, Held<UserMap>> maps = new LinkedHashMap<>();
    final Map<String, String> mapFile = new LinkedHashMap<>();
    /** Devices whose removal this process has heard of but not yet acted on. */
    final Set<String> pendingRemovals = new LinkedHashSet<>();
    int countdown;
    private int numbers;

    SimProcess(String name, Reaction reaction) {
        this.name = name;
        this.reaction = reaction;
    }

    /** @return the next registration number for a file or mapping of this process */
    int nextNumber() {
        return ++numbers;
    }

    boolean holdsFileOn(String device) {
        return files.values().stream().anyMatch(f -> f.value().device().equals(device));
    }
}
