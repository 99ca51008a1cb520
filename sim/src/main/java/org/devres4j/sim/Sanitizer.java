package org.devres4j.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.Device;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.MmioAccess;
import org.devres4j.hw.model.HardwareFault;

/**
 * The sanitizer: turns what the world sees — failures the kernel model throws, MMIO accesses, stale
 * hardware, refused names, bindings that end with resources left — into {@link Report}s a person can
 * read (what was touched, where it was allocated, where and why it was released, which lifetime it
 * should have had). It decides by exception type and by the world's typed state only. The same finding
 * (kind, object, detail) is reported once; later repeats are only logged. At most
 * {@value #MAX_REPORTS} reports are kept; further ones are counted.
 *
 * <p><b>Lifetime:</b> one per world. <b>Order:</b> reports in the order they were found.
 * <b>Concurrency:</b> single-threaded, like the world (an MMIO access from a driver's worker arrives
 * while the step that caused it waits).
 */
final class Sanitizer implements SimHardware.Faults, SimNamespace.Conflicts {

    /** Most reports one run keeps. */
    static final int MAX_REPORTS = 10_000;

    private final World world;
    private final EventLog log;
    private final List<Report> reports = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private long reportsDropped;
    /** Mappings already reported for an unguarded access: one report per mapping. */
    private final Set<String> unguardedReported = new HashSet<>();
    /** Per device: how many of its bindings ended leaving resources on its devres list. */
    private final Map<String, Integer> endedBindings = new LinkedHashMap<>();
    /** MMIO accesses to this world's hardware, per accessing thread's name (bounded by the threads' names). */
    private final Map<String, Integer> accessesByThread = new java.util.concurrent.ConcurrentHashMap<>();
    /** The first failure that was neither an errno nor a finding (what the fuzzer calls an oops), and the count. */
    private String firstOops;
    private long oopses;

    Sanitizer(World world) {
        this.world = world;
        this.log = world.log;
    }

    void report(ReportKind kind, String object, String allocated, String released, String shouldHave, String detail,
                List<String> chain) {
        report(kind, object, allocated, released, shouldHave, detail, chain, null);
    }

    /**
     * Reports a finding about one resource: {@code subject} names it as the events do (its owner and order)
     * and the owner whose release should have ended it (see {@link Report.Subject}); null if there is none.
     */
    void report(ReportKind kind, String object, String allocated, String released, String shouldHave, String detail,
                List<String> chain, Report.Subject subject) {
        String key = kind + "|" + object + "|" + detail;
        if (reports.size() >= MAX_REPORTS) {
            reportsDropped++;
            log.sanitizer(0, kind.id() + ": " + object, "not kept: the run already has " + MAX_REPORTS + " reports");
            return;
        }
        if (!seen.add(key)) {
            log.sanitizer(0, "(repeat) " + kind.id() + " " + object, "");
            return;
        }
        reports.add(new Report(kind, object, allocated, released, shouldHave, detail, chain,
                log.atShutdown() ? 0 : log.step(), log.line(), subject));
        log.sanitizer(reports.size(), kind.id() + ": " + object, detail);
    }

    List<Report> reports() {
        return reports;
    }

    /** @return how many reports were found beyond {@value #MAX_REPORTS} and not kept */
    long reportsDropped() {
        return reportsDropped;
    }

    /** @return MMIO accesses seen so far, per accessing thread's name */
    Map<String, Integer> accessesByThread() {
        return Map.copyOf(accessesByThread);
    }

    /** @return the first unexpected kernel failure, or null */
    String firstOops() {
        return firstOops;
    }

    // ------------------------------------------------------------------ failures

    /**
     * A kernel or userspace call failed unexpectedly: logged ({@code verb}: KERNEL or FAULT), examined,
     * counted. A failure of the JVM itself anywhere in its causes (an {@link OutOfMemoryError} in a
     * driver's worker, say) is not the model's: it is thrown on, for the command line to report.
     */
    void fault(String verb, String what, Throwable e) {
        rethrowJvmFailure(e);
        log.world(verb, what, firstLine(e));
        examine(e);
        oops(what + ": " + firstLine(e));
    }

    /** A probe failed and the device stayed unbound. */
    void probeFailed(String device, Throwable t) {
        examine(t);
        log.emit("PROBE", new Event.Owner(Event.OwnerKind.DEVICE, device), 0, Event.Effect.NONE, "failed", firstLine(t));
        oops("probe of " + device + " failed: " + firstLine(t));
    }

    private void oops(String text) {
        if (oopses++ == 0) {
            firstOops = log.here() + ": " + text;
        }
    }

    /** Turns what a failure carries (its causes and suppressed ones too) into reports. */
    void examine(Throwable t) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> done = new HashSet<>();
        if (t != null) {
            todo.add(t);
        }
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!done.add(x)) {
                continue;
            }
            if (x instanceof UseAfterReleaseException u) {
                useAfterRelease(u);
            } else {
                KernelFailures.usedAfterLastPut(x).ifPresent(object -> report(ReportKind.USE_AFTER_RELEASE, object, "",
                        "at the last put of its reference count",
                        "a reference of its own (get/put) held for as long as it is used",
                        "used at " + log.here() + " after its last reference was dropped", List.of()));
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            todo.addAll(List.of(x.getSuppressed()));
        }
    }

    private void useAfterRelease(UseAfterReleaseException u) {
        String owner = u.ownerName();
        Lifetimes.Life life = log.lifetimes().find(u.valueName(), owner, true);
        boolean devm = world.devices.get(owner) != null;
        String allocated = (life != null ? "added at " + life.added : u.allocatedAt())
                + " on " + (devm ? "the devres list of device " + owner + " (devm)" : "the list of " + owner);
        String released = life != null && life.released != null ? life.released : u.releasedBy();
        String should = world.advice.containsKey(owner) ? world.advice.get(owner)
                : devm ? "drmm — software state that userspace can reach must live until the last "
                + "DrmDevice reference is dropped, not end at unbind"
                : "a longer lifetime";
        report(ReportKind.USE_AFTER_RELEASE, "'" + u.valueName() + "' of " + owner, allocated, released,
                should, "read at " + log.here() + " after its list released it", List.of(),
                // it should have lived at least until this use: no other list's release point stands for that
                life == null ? null : life.subject(null));
    }

    /** The bus refused a device because its name is still registered (EEXIST). */
    void deviceExists(String name, String bus, RuntimeException e) {
        log.world("KERNEL", "device_add " + name + " refused", "the name is still registered on bus " + bus);
        String first = world.devices.firstSeen(name);
        report(ReportKind.EEXIST, "device name '" + name + "' on bus " + bus,
                first != null ? "the name was first registered at " + first : "",
                "the earlier device of that name is still registered",
                "one registered device per name: delete (device_del) the old one before adding another",
                e.getMessage(), List.of());
    }

    // ------------------------------------------------------------------ bindings

    /**
     * After a binding ended (sysfs unbind, driver unload, a failed probe) the device's devres list must be
     * empty (DESIGN.md invariant 4): whatever is still on it belongs to the ended binding — or to an
     * earlier one — and will pile up over unbind/rebind cycles until the device is deleted. Reported as a
     * {@link ReportKind#LEAK}, one report per ended binding that leaves something behind.
     */
    void checkEndedBinding(Device dev, String ending) {
        if (dev == null || dev.isDeleted() || dev.devres().isEmpty()) {
            return;
        }
        int bindings = endedBindings.merge(dev.name(), 1, Integer::sum);
        List<String> held = dev.devres().names();
        String name = dev.name();
        report(ReportKind.LEAK, "resources of an ended binding of " + name + " (" + ending + ")",
                "added to the devres list of " + name + " before its binding ended (" + held.size()
                        + " still there, oldest first: " + String.join(", ", held) + ")",
                "not released when the binding ended at " + log.here() + " (driver-model policy " + world.policyName
                        + "): it stays until " + name + " is deleted",
                "devm released at unbind (the current core): remove() then the devres list, at every unbind "
                        + "and failed probe",
                held.size() + " resource(s) of " + bindings + " ended binding(s) still held after the binding ended: "
                        + "they pile up with every unbind/rebind cycle (seed 000's option 2)",
                List.of("device " + name, "its devres list, holding " + held.size() + " resource(s) of ended bindings"),
                endedSubject(name, held));
        log.emit("LEAK", new Event.Owner(Event.OwnerKind.DEVICE, name), 0, Event.Effect.NONE,
                "holds " + held.size() + " resource(s) of " + bindings + " ended binding(s)", "");
    }

    /** The device was deleted: its ended bindings are counted afresh for the next device of that name. */
    void forgetEndedBindings(String name) {
        endedBindings.remove(name);
    }

    // ------------------------------------------------------------------ hardware

    /** An MMIO access through a mapping of this world's hardware (the world's observer passes it on). */
    void onAccess(MmioAccess a) {
        accessesByThread.merge(Thread.currentThread().getName(), 1, Integer::sum);
        String op = (a.write() ? "write32" : "read32") + " +0x" + Long.toHexString(a.offset());
        String dev = a.device();
        if (a.context() == AccessContext.UNGUARDED && a.mapped()) {
            unguardedAccess(a, op);
        } else if (a.context() == AccessContext.UNGUARDED) {
            String when = world.devices.unpluggedAt(dev);
            unguardedAccessReport(a, "unmapped" + (when != null ? ": " + dev + " was unplugged at " + when : ""), op
                    + " through unguardedAccess() after the mapping was unmapped: nothing kept the hardware present");
        }
        if (!a.mapped()) {
            // whatever its context, an access after unmap is a use-after-unplug (its detail names the context)
            Lifetimes.Life life = log.lifetimes().find(a.mapping(), null);
            report(ReportKind.USE_AFTER_UNPLUG, "MMIO " + a.mapping(),
                    life == null ? "" : "mapped at " + life.added + " (" + lifetime(life.owner) + ")",
                    life == null || life.released == null ? "unmapped" : "unmapped: " + life.released,
                    "every access inside drm_dev_enter/exit, so none happens after the devm unmap",
                    op + " after the mapping was unmapped (" + a.context() + ")", List.of(), mappingSubject(life, dev));
        }
    }

    /**
     * An access through the escape hatch to a still-mapped range. After an unplug it is a bug that
     * happened; while the device is plugged it is one waiting to happen (nothing would stop an unplug in
     * the middle) — except while the core is releasing that device's binding (unbind, driver unload,
     * device_del with the hardware still present): that is the binding's own teardown, which no unplug
     * can race, so it is logged and not reported.
     */
    private void unguardedAccess(MmioAccess a, String op) {
        String dev = a.device();
        if (!world.devices.isPlugged(dev)) {
            String when = world.devices.unpluggedAt(dev);
            unguardedAccessReport(a, dev + " was unplugged" + (when != null ? " at " + when : ""), op
                    + " through unguardedAccess() after " + dev + " was unplugged: nothing kept the hardware present");
        } else if (world.devices.isReleasing(dev)) {
            log.emit("MMIO", new Event.Owner(Event.OwnerKind.HARDWARE, dev), 0, Event.Effect.NONE, op + " of "
                    + a.mapping() + " outside enter/exit, in the release of " + dev + "'s binding",
                    "with the hardware present: teardown, not a race");
        } else {
            Device d = world.devices.get(dev);
            unguardedAccessReport(a, "not released: " + dev + " is plugged, but nothing held it there"
                    + (d != null && !d.isBound() ? " (and no driver is bound to it)" : ""),
                    op + " through unguardedAccess(), outside enter/exit: would race an unplug of " + dev);
        }
    }

    /** Reports the first unguarded access through a mapping; later ones are logged as repeats. */
    private void unguardedAccessReport(MmioAccess a, String released, String what) {
        if (!unguardedReported.add(a.mapping())) {
            log.sanitizer(0, "(repeat) " + ReportKind.UNGUARDED_ACCESS.id() + " MMIO " + a.mapping(), what);
            return;
        }
        Lifetimes.Life life = log.lifetimes().find(a.mapping(), null);
        if (life == null) {
            life = mappingLife(a.device());
        }
        report(ReportKind.UNGUARDED_ACCESS, "MMIO " + a.mapping(),
                life == null ? "" : "mapped at " + life.added + " (" + lifetime(life.owner) + ")", released,
                "devm for the mapping, and every access inside drm_dev_enter/exit (DrmDevice.enter()), "
                        + "which fails once the device is unplugged",
                what, List.of(), mappingSubject(life, a.device()));
    }

    @Override
    public void staleAccess(HardwareFault f) {
        String device = f.device();
        Lifetimes.Life life = mappingLife(device);
        String op = (f.write() ? "write32 0x" + Integer.toHexString(f.value()) + " to" : "read32 of") + " +0x"
                + Long.toHexString(f.offset()) + " (" + (f.context() == null ? "raw" : f.context()) + ")";
        String unplugged = world.devices.unpluggedAt(device);
        String gone = "belongs to no device: " + device + " was unplugged" + (unplugged != null ? " at " + unplugged : "")
                + "; reads return all-ones, writes vanish";
        String where = f.kind() == HardwareFault.Kind.UNMAPPED
                ? "the mapping was unmapped while the access was on its way, and the range " + f.assignment() + " "
                + (f.now() == null ? gone : "still belongs to " + f.nowOwner() + ": it reached no register; reads return "
                + "all-ones, writes vanish")
                : f.now() != null
                ? "the range " + f.assignment() + " now belongs to " + f.nowOwner() + " (plugged at "
                + Optional.ofNullable(world.devices.pluggedAt(f.nowOwner())).orElse("?") + "): the access landed in "
                + f.nowOwner() + "'s registers"
                : "the range " + f.assignment() + " " + gone;
        report(ReportKind.USE_AFTER_UNPLUG, "MMIO " + device + ":bar0 " + f.assignment(),
                life == null ? "mapped while " + device + " was plugged"
                        : "mapped at " + life.added + " (" + lifetime(life.owner) + ")",
                life == null || life.released == null ? "still mapped: its unmap had not run when the hardware went"
                        + (life != null ? " (it waits for the last put of " + life.owner + ")" : "")
                        : life.released,
                "devm — hardware mappings must be undone at unbind, when the hardware goes, even if the "
                        + "DrmDevice lives on",
                op + ": " + where, List.of(), mappingSubject(life, device));
    }

    @Override
    public void staleIrq(HardwareFault f) {
        report(ReportKind.USE_AFTER_UNPLUG, "handler of " + f.source(), "requested by " + f.device(),
                "still requested after " + f.device() + " was unplugged",
                "devm (devm_request_irq): the line is freed at unbind",
                "the line now belongs to another device, whose interrupt ran a stale handler", List.of());
    }

    @Override
    public void exists(String path, SimNamespace.Entry holder, String newcomer) {
        Lifetimes.Life removal = log.lifetimes().find(path.substring(path.lastIndexOf('/') + 1), holder.owner());
        report(ReportKind.EEXIST, path,
                "registered by " + holder.owner() + " at " + holder.since(),
                "not withdrawn: its removal is tied to a lifetime that outlived the unbind (an open file keeps "
                        + "the old DrmDevice and its drmm list alive)",
                "devm — removing uapi (sysfs entries, device nodes) belongs to unbind (seed 004)",
                newcomer + " tried to register '" + path + "' again at " + log.here(), List.of(),
                removal == null ? null : removal.subject(removal.kind == Event.OwnerKind.DRM
                        ? parentOfCard(removal.owner) : null));
    }

    /** @return where a device's mapping was registered for undoing: devm on the device, or drmm on a card */
    private Lifetimes.Life mappingLife(String device) {
        Lifetimes.Life life = log.lifetimes().find(device + ":bar0", null);
        if (life != null) {
            return life;
        }
        for (SimDriver d : world.allDrivers()) {
            for (org.devres4j.drm.DrmDevice c : d.cards()) {
                if (c.parent().name().equals(device)) {
                    Lifetimes.Life l = log.lifetimes().find("iounmap", c.name());
                    if (l != null) {
                        return l;
                    }
                }
            }
        }
        return null;
    }

    /**
     * @param life   where a device's mapping was registered for undoing, or null
     * @param device the device whose hardware it maps
     * @return the mapping as a report's subject; a mapping undone by another list than the device's should
     *         have ended with the device's binding
     */
    private static Report.Subject mappingSubject(Lifetimes.Life life, String device) {
        if (life == null) {
            return null;
        }
        return life.subject(life.kind == Event.OwnerKind.DEVICE ? null : new Event.Owner(Event.OwnerKind.DEVICE, device));
    }

    /** @return the device a DRM device of this world hangs on, or null if there is no such DRM device */
    private Event.Owner parentOfCard(String card) {
        for (SimDriver d : world.allDrivers()) {
            for (org.devres4j.drm.DrmDevice c : d.cards()) {
                if (c.name().equals(card)) {
                    return new Event.Owner(Event.OwnerKind.DEVICE, c.parent().name());
                }
            }
        }
        return null;
    }

    /**
     * @param device a device whose binding ended with resources on its devres list
     * @param held   their names, oldest first
     * @return the newest of them — a resource of the binding that just ended — as a report's subject, which
     *         the device's own binding end should have released; null if the index no longer knows it
     */
    private Report.Subject endedSubject(String device, List<String> held) {
        Lifetimes.Life life = log.lifetimes().find(held.get(held.size() - 1), device);
        return life == null ? null : life.subject(new Event.Owner(Event.OwnerKind.DEVICE, device));
    }

    /** @return "devm on X" for a device's list, else "drmm on X" */
    String lifetime(String owner) {
        return world.devices.get(owner) != null ? "devm on " + owner : "drmm on " + owner;
    }

    /** Throws the first {@link VirtualMachineError} among {@code t} and its causes, if there is one. */
    static void rethrowJvmFailure(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause() == x ? null : x.getCause()) {
            if (x instanceof VirtualMachineError v) {
                throw v;
            }
        }
    }

    /** @return the exception's simple class name and the first line of its message */
    static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return t.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
