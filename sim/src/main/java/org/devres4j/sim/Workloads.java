package org.devres4j.sim;

import java.util.ArrayList;
import java.util.List;

import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.Owner;
import org.devres4j.sim.Event.OwnerKind;

/**
 * The processes that keep running: a workload on an open file issues one call at every scheduler tick — an
 * ioctl of the file's driver, or a write to a mapping of the file — whatever the other steps do meanwhile
 * (unbind, remove, rebind, unplug). The scheduler's seed picks each call. When a step removes the device a
 * workload's file is on, the workload has a call in flight: the step races it ({@link Race}), so the removal
 * lands before the call or at its first register access, as the seed says. A workload ends when its file is
 * closed (a {@code close}, the process's exit, its reaction to a uevent).
 *
 * <p>A workload's calls are not the step's result ({@code expect ok} checks the step's own call); what they
 * break is the sanitizer's to report. It never creates buffers (which would pile up over a long run).
 *
 * <p><b>Lifetime:</b> one per world; each workload from its {@code workload} step to its file's close.
 * <b>Order:</b> workloads act in the order they started. <b>Concurrency:</b> single-threaded, like the world.
 */
final class Workloads {

    /** The ioctl a workload never issues: it allocates what only a close gives back. */
    private static final String NOT_REPEATED = "create-buffer";

    /**
     * A running workload.
     *
     * @param process the process
     * @param file    its file
     */
    record Running(String process, String file) {
    }

    private final World world;
    private final List<Running> running = new ArrayList<>();

    Workloads(World world) {
        this.world = world;
    }

    /** @return the running workloads, in start order */
    List<Running> running() {
        return running;
    }

    /**
     * Starts a workload on an open file.
     *
     * @throws ScenarioStepException if one already runs on it
     */
    void start(SimProcess p, String file, UserFile f) {
        Running r = new Running(p.name, file);
        if (running.contains(r)) {
            throw new ScenarioStepException("process '" + p.name + "' already runs a workload on '" + file + "'");
        }
        if (ops(p, file, f).isEmpty()) {
            throw new ScenarioStepException("the driver of '" + file + "' has no call a workload can repeat");
        }
        running.add(r);
        world.log.emit("WORKLOAD", new Owner(OwnerKind.PROCESS, p.name), 0, Effect.NONE, file + " on " + f.device(),
                "one call per tick: " + String.join(", ", ops(p, file, f)));
    }

    /** The file was closed: its workload (if any) ends. */
    void closed(String process, String file) {
        if (running.remove(new Running(process, file))) {
            world.log.emit("WORKLOAD", new Owner(OwnerKind.PROCESS, process), 0, Effect.NONE, file, "ends: the file was closed");
        }
    }

    /** @return the first workload whose file is on this device, or null */
    Running on(String device) {
        for (Running r : running) {
            SimProcess p = world.userspace().processes().get(r.process);
            if (p != null && p.files.get(r.file).value().device().equals(device)) {
                return r;
            }
        }
        return null;
    }

    /** One scheduler tick: every workload makes one call. */
    void tick() {
        for (Running r : new ArrayList<>(running)) {
            if (running.contains(r)) {
                call(r);
            }
        }
    }

    /** Makes the workload's next call, which the seed picks; @return its result (never the step's) */
    CallResult call(Running r) {
        SimProcess p = world.userspace().processes().get(r.process);
        UserFile f = p.files.get(r.file).value();
        String op = world.scheduler.pick(ops(p, r.file, f));
        CallResult result;
        if (op.startsWith("touch ")) {
            String map = op.substring("touch ".length());
            result = world.userspace().call("workload touch", () -> p.maps.get(map).value().touch(true));
        } else {
            result = world.userspace().call("workload ioctl " + op, () -> f.ioctl(op));
        }
        world.log.emit("WORK", new Owner(OwnerKind.PROCESS, r.process), 0, Effect.NONE, r.file + " " + op, "-> " + result);
        return result;
    }

    /** @return what the workload may do: the file's ioctls, then a write to each mapping of the file */
    private static List<String> ops(SimProcess p, String file, UserFile f) {
        List<String> out = new ArrayList<>();
        for (String i : f.ioctls()) {
            if (!i.equals(NOT_REPEATED)) {
                out.add(i);
            }
        }
        p.mapFile.forEach((map, of) -> {
            if (of.equals(file)) {
                out.add("touch " + map);
            }
        });
        return out;
    }
}
