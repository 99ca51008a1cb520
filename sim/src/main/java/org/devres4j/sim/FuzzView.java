package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.devres4j.driver.Device;

/**
 * What the fuzzer's generator sees of the world before each step — which device slots are plugged,
 * bound or unbound, which processes, files and mappings exist — and the seeded choices it makes. Each
 * {@link Verb} reads it to weigh itself ({@link Verb#weight(FuzzView)}) and to make its step
 * ({@link Verb#generate(FuzzView)}); {@link #next()} picks the verb by weight.
 *
 * <p><b>Lifetime:</b> one per fuzz run; its lists are computed afresh for each step. <b>Order:</b>
 * verbs are weighed in declaration order, so a seed fixes the choice. <b>Concurrency:</b>
 * single-threaded.
 */
final class FuzzView {

    private final SplittableRandom rnd;
    private final World world;
    private final FuzzOptions options;
    private int files;
    private int maps;
    private final List<String> unplugged = new ArrayList<>();
    private final List<String> plugged = new ArrayList<>();
    private final List<String> bound = new ArrayList<>();
    private final List<String> unbound = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final List<String> processes = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String[]> openFiles = new ArrayList<>();
    private final List<String[]> openMaps = new ArrayList<>();

    FuzzView(SplittableRandom rnd, World world, FuzzOptions options) {
        this.rnd = rnd;
        this.world = world;
        this.options = options;
    }

    /** @return the next step: a verb picked by weight, made for what the world looks like now */
    Step next() {
        look();
        Verb[] verbs = Verb.values();
        int[] w = new int[verbs.length];
        int total = 0;
        for (int i = 0; i < verbs.length; i++) {
            w[i] = verbs[i].weight(this);
            total += w[i];
        }
        int r = rnd.nextInt(total);
        int i = 0;
        while (r >= w[i]) {
            r -= w[i++];
        }
        return verbs[i].generate(this);
    }

    private void look() {
        unplugged.clear();
        plugged.clear();
        bound.clear();
        unbound.clear();
        seen.clear();
        processes.clear();
        missing.clear();
        openFiles.clear();
        openMaps.clear();
        for (int i = 0; i < options.devices(); i++) {
            String name = "vgpu" + i;
            if (world.devices.isPlugged(name)) {
                plugged.add(name);
                Device d = world.devices.get(name);
                (d.isBound() ? bound : unbound).add(name);
            } else {
                unplugged.add(name);
            }
            if (world.devices.firstSeen(name) != null) {
                seen.add(name);
            }
        }
        processes.addAll(world.userspace().processes().keySet());
        for (int i = 0; i < options.processes(); i++) {
            if (!world.userspace().processes().containsKey("p" + i)) {
                missing.add("p" + i);
            }
        }
        for (SimProcess p : world.userspace().processes().values()) {
            for (String f : p.files.keySet()) {
                openFiles.add(new String[] {p.name, f});
            }
            for (String m : p.maps.keySet()) {
                openMaps.add(new String[] {p.name, m});
            }
        }
    }

    List<String> unplugged() {
        return unplugged;
    }

    List<String> plugged() {
        return plugged;
    }

    List<String> bound() {
        return bound;
    }

    List<String> unbound() {
        return unbound;
    }

    /** @return the device slots the run has plugged at least once: what a process may try to open */
    List<String> seen() {
        return seen;
    }

    List<String> processes() {
        return processes;
    }

    List<String> missingProcesses() {
        return missing;
    }

    List<String[]> openFiles() {
        return openFiles;
    }

    List<String[]> openMaps() {
        return openMaps;
    }

    /** @return the ioctls the driver behind a process's file understands */
    List<String> ioctls(String process, String file) {
        return world.userspace().processes().get(process).files.get(file).value().ioctls();
    }

    boolean driverLoaded() {
        return !world.drivers.isEmpty();
    }

    /** @return the vgpu variant the run loads */
    String variant() {
        return options.variant();
    }

    <T> T pick(List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    boolean coin() {
        return rnd.nextBoolean();
    }

    String nextFile() {
        return "f" + (++files);
    }

    String nextMap() {
        return "m" + (++maps);
    }

    /** @return a {@code process} step for this name with a reaction the seed picks */
    Step spawn(String name) {
        return spawn(name, rnd);
    }

    static Step spawn(String name, SplittableRandom rnd) {
        String[] reactions = {"now", "late", "never"};
        return Step.of(Verb.PROCESS, name).with("on-remove", reactions[rnd.nextInt(3)]);
    }
}
