package org.devres4j.sim;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.devres4j.driver.Device;

/**
 * What the world knows about its devices by name: the current {@link Device} object of each name
 * (plugged or virtual), where each was plugged, unplugged, removed (sysfs {@code remove}: the device is
 * gone from the bus, its hardware still present for a rescan) and first seen, how many times each name's
 * hardware was plugged (the registration number of its hardware assignment in the event log), and
 * which devices' bindings the core is releasing right now. The world changes it; the sanitizer,
 * userspace, the scenario queries and the fuzzer read it.
 *
 * <p><b>Lifetime:</b> one per world. Bounded by the names a run uses. <b>Order:</b> names in the
 * order they first appeared. <b>Concurrency:</b> single-threaded, like the world.
 */
final class Devices {

    private final Map<String, Device> byName = new LinkedHashMap<>();
    private final Map<String, String> pluggedAt = new LinkedHashMap<>();
    private final Map<String, String> unpluggedAt = new LinkedHashMap<>();
    private final Map<String, String> removedAt = new LinkedHashMap<>();
    private final Map<String, String> firstSeen = new LinkedHashMap<>();
    private final Map<String, Integer> plugs = new LinkedHashMap<>();
    private final Set<String> releasing = new HashSet<>();

    /** @return the current device of this name, or null */
    Device get(String name) {
        return byName.get(name);
    }

    /**
     * @return the current device of this name
     * @throws ScenarioStepException if there is none
     */
    Device require(String name) {
        Device d = byName.get(name);
        if (d == null) {
            throw new ScenarioStepException("no device '" + name + "' (plug it first)");
        }
        return d;
    }

    /** @return every current device, by name, in order of appearance */
    Map<String, Device> all() {
        return byName;
    }

    void put(String name, Device dev, String here) {
        byName.put(name, dev);
        firstSeen.putIfAbsent(name, here);
    }

    void remove(String name) {
        byName.remove(name);
    }

    /** Its hardware was plugged at {@code here}: the next registration number of its hardware. */
    int plugged(String name, String here) {
        pluggedAt.put(name, here);
        unpluggedAt.remove(name);
        return plugs.merge(name, 1, Integer::sum);
    }

    /** The plug did not stick (the bus refused the device). */
    void plugUndone(String name) {
        pluggedAt.remove(name);
    }

    void unplugged(String name, String here) {
        pluggedAt.remove(name);
        removedAt.remove(name);
        unpluggedAt.put(name, here);
    }

    /** The device was removed (sysfs {@code remove}) at {@code here}: its hardware stays present. */
    void removed(String name, String here) {
        removedAt.put(name, here);
    }

    /** A rescan made a new device for the name's present hardware. */
    void rescanned(String name, Device dev, String here) {
        removedAt.remove(name);
        put(name, dev, here);
    }

    /** @return where it was removed, if its hardware is present without a device on the bus; else null */
    String removedAt(String name) {
        return removedAt.get(name);
    }

    /**
     * @param what the step, for the message, e.g. {@code bind vgpu0}
     * @return the device of this name that is on the bus (added, not deleted)
     * @throws ScenarioStepException naming the step, if there is none: never plugged, removed, or unplugged
     */
    Device requireOnBus(String name, String what) {
        Device d = require(name);
        if (removedAt.containsKey(name)) {
            throw new ScenarioStepException(what + ": device '" + name + "' is not on the bus: it was removed at "
                    + removedAt.get(name) + " (a rescan finds its hardware again)");
        }
        if (d.isDeleted()) {
            throw new ScenarioStepException(what + ": device '" + name + "' is not on the bus: it was unplugged"
                    + (unpluggedAt.containsKey(name) ? " at " + unpluggedAt.get(name) : ""));
        }
        return d;
    }

    boolean isPlugged(String name) {
        return pluggedAt.containsKey(name);
    }

    /** @return where it was plugged, or null if it is not plugged */
    String pluggedAt(String name) {
        return pluggedAt.get(name);
    }

    /** @return where it was last unplugged, or null */
    String unpluggedAt(String name) {
        return unpluggedAt.get(name);
    }

    /** @return where the name first appeared in the run, or null if it never did */
    String firstSeen(String name) {
        return firstSeen.get(name);
    }

    /** @return the registration number of the name's current (or last) hardware assignment */
    int plugNumber(String name) {
        return plugs.getOrDefault(name, 0);
    }

    /** @return the names whose hardware is present and whose device is on the bus, in plug order */
    List<String> onBusNames() {
        return pluggedAt.keySet().stream().filter(n -> !removedAt.containsKey(n)).toList();
    }

    /** @return the names whose hardware is present without a device on the bus (removed), in plug order */
    List<String> removedNames() {
        return pluggedAt.keySet().stream().filter(removedAt::containsKey).toList();
    }

    /** @return the plugged names, in plug order */
    List<String> pluggedNames() {
        return List.copyOf(pluggedAt.keySet());
    }

    /** @return every name the run has seen, in order of appearance */
    List<String> seenNames() {
        return List.copyOf(firstSeen.keySet());
    }

    /** Marks these devices' bindings as being released by the core (until {@link #released}). */
    void releasing(List<String> names) {
        releasing.addAll(names);
    }

    void released(List<String> names) {
        releasing.removeAll(names);
    }

    boolean isReleasing(String name) {
        return releasing.contains(name);
    }
}
