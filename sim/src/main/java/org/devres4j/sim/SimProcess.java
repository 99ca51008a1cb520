package org.devres4j.sim;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A userspace process: its open files and mappings by the names the script gave them, and how it
 * reacts to a removal uevent — close at once, close late (a few steps later, chosen by the
 * scheduler), or never until it exits. Single-threaded.
 */
final class SimProcess {

    /** How a process reacts when a device it has open goes away. */
    enum Reaction {
        NOW, LATE, NEVER;

        static Reaction of(String word) {
            return valueOf(word.toUpperCase(java.util.Locale.ROOT));
        }
    }

    final String name;
    final Reaction reaction;
    final Map<String, UserFile> files = new LinkedHashMap<>();
    final Map<String, UserMap> maps = new LinkedHashMap<>();
    final Map<String, String> mapFile = new LinkedHashMap<>();
    /** Devices whose removal this process has heard of but not yet acted on. */
    final Set<String> pendingRemovals = new LinkedHashSet<>();
    int countdown;

    SimProcess(String name, Reaction reaction) {
        this.name = name;
        this.reaction = reaction;
    }

    boolean holdsFileOn(String device) {
        return files.values().stream().anyMatch(f -> f.device().equals(device));
    }
}
