package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.devres4j.driver.Device;

/**
 * What the fuzzer's generator sees of the world before each step — which device slots are plugged, on
 * the bus (bound or unbound) or removed with their hardware present, which processes, files (and the
 * device each is on), workloads, mappings and debugfs name files exist — and the seeded choices it makes.
 * Each
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
    private final List<String> onBus = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private final List<String> bound = new ArrayList<>();
    private final List<String> unbound = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private final List<String> processes = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String[]> openFiles = new ArrayList<>();
    private final List<String[]> openMaps = new ArrayList<>();
    private final List<String[]> withoutWorkload = new ArrayList<>();
    private final java.util.Map<String, String> fileDevice = new java.util.HashMap<>();
    private final List<String> nameFiles = new ArrayList<>();

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
        onBus.clear();
        removed.clear();
        withoutWorkload.clear();
        fileDevice.clear();
        nameFiles.clear();
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
                if (world.devices.removedAt(name) != null) {
                    removed.add(name);
                } else {
                    onBus.add(name);
                    (d.isBound() ? bound : unbound).add(name);
                }
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
                fileDevice.put(p.name + "/" + f, p.files.get(f).value().device());
                if (!world.userspace().workloads().running().contains(new Workloads.Running(p.name, f))) {
                    withoutWorkload.add(new String[] {p.name, f});
                }
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

    /** @return the slots whose device is on the bus (bound or not) */
    List<String> onBus() {
        return onBus;
    }

    /** @return the slots whose device was removed while their hardware stays present: what a rescan finds */
    List<String> removed() {
        return removed;
    }

    /** @return the open files no workload runs on, as (process, file); none while two workloads run already */
    List<String[]> filesWithoutWorkload() {
        return world.userspace().workloads().running().size() >= 2 ? List.of() : withoutWorkload;
    }

    /** @return the debugfs name files of the vgpu driver's registered DRM devices, and one past them (ENOENT) */
    List<String> nameFiles() {
        if (nameFiles.isEmpty()) {
            int next = 0;
            for (SimDriver d : world.allDrivers()) {
                for (org.devres4j.drm.DrmDevice c : d.cards()) {
                    if (c.isRegistered()) {
                        nameFiles.add("dri/" + c.minor() + "/name");
                    }
                    next = Math.max(next, c.minor() + 1);
                }
            }
            nameFiles.add("dri/" + next + "/name");
        }
        return nameFiles;
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

    /** @return the step, with {@code driver=vgpu} one time in three (the driver's own sysfs file) */
    Step byDriverSometimes(Step step) {
        return rnd.nextInt(3) == 0 ? step.with("driver", "vgpu") : step;
    }

    /** @return an {@code open} step: a process, a device the run has seen, a new file; the render node one time in four */
    static Step open(Verb verb, FuzzView v) {
        Step s = Step.of(verb, v.pick(v.processes), v.pick(v.seen), v.nextFile());
        return v.rnd.nextInt(4) == 0 ? s.with("node", "render") : s;
    }

    /**
     * @return an {@code ioctl} step on an open file; one time in eight a removal of the file's device races it —
     *         an unplug, an unbind or a remove, whichever the device allows now
     */
    static Step ioctl(Verb verb, FuzzView v) {
        String[] f = v.pick(v.openFiles);
        Step s = new Step(0, verb, List.of(f[0], f[1], v.pick(v.ioctls(f[0], f[1]))), java.util.Map.of());
        if (v.rnd.nextInt(8) != 0) {
            return s;
        }
        String dev = v.fileDevice.get(f[0] + "/" + f[1]);
        List<String> kinds = new ArrayList<>();
        if (v.plugged.contains(dev)) {
            kinds.add("unplug");
        }
        if (v.onBus.contains(dev)) {
            kinds.add("remove");
        }
        if (v.bound.contains(dev)) {
            kinds.add("unbind");
        }
        if (kinds.isEmpty()) {
            return s;
        }
        String kind = v.pick(kinds);
        s = s.with("racing", dev);
        return kind.equals("unplug") ? s : s.with("by", kind);
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
