package org.devres4j.cli;

import java.util.List;
import org.devres4j.sim.Event;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.sim.ReportKind;
import org.devres4j.sim.RunResult;

/**
 * Part 1 of the demo, the driver model, told through the simulator: the {@code sensor} driver probes
 * {@code sensor0} and registers three devres resources (two actions and a managed sample buffer); a
 * reader opens the device; an unbind runs {@code remove()}, then the devres list newest first — and
 * the reader's stale pointer into the sample buffer is a use-after-release; a rebind gets fresh
 * resources; a faux device is created and destroyed; finally {@code sensor0} is removed and nothing is
 * left. The device's events are printed step by step.
 *
 * <p><b>Lifetime:</b> one simulated world for one {@link #run()}. <b>Order:</b> fixed. <b>Concurrency:</b>
 * single-threaded.
 */
final class DriverModelStory {

    private static final String DEV = "sensor0";
    private final Checks checks;

    DriverModelStory(Checks checks) {
        this.checks = checks;
    }

    void run() {
        Story s = new Story("driver-model", "probe, devres, unbind (remove, then LIFO), rebind, a faux device");
        s.step("load sensor");
        int probe = s.step("plug sensor0");
        s.step("process p1");
        s.step("open p1 sensor0 as f1");
        s.step("ioctl p1 f1 read-sample");
        s.expect("value 42");
        int unbind = s.step("unbind sensor0");
        int stale = s.step("ioctl p1 f1 read-sample");
        s.step("close p1 f1");
        int rebind = s.step("bind sensor0");
        int faux = s.step("virtual faux-vkms fix=faux");
        int destroy = s.step("destroy faux-vkms");
        int del = s.step("unplug sensor0");
        RunResult r = s.run();

        checks.say("1a. driver 'sensor' registers; device sensor0 is added and probed");
        List<Event> a = s.events(probe, Story.of(OwnerKind.DEVICE, DEV));
        Story.print(checks, a);
        checks.check(Story.verbs(a).equals(List.of("DEVICE-ADD", "ADD#1", "ADD#2", "ADD#3", "BIND")),
                "sensor0 is bound and its devres list holds 3 resources", "the probe made " + Story.verbs(a));

        checks.say("1b. unbind sensor0 (sysfs 'unbind'): remove() first, then devres newest first");
        List<Event> b = s.events(unbind, Story.of(OwnerKind.DEVICE, DEV));
        Story.print(checks, b);
        checks.check(Story.verbs(b).equals(List.of("REMOVE", "REL#3", "REL#2", "REL#1", "UNBIND")),
                "remove(), then irq-free, sample-buffer, clock-enable (LIFO)", "the unbind ran " + Story.verbs(b));
        checks.check(s.alive(unbind, OwnerKind.DEVICE, DEV) == 0, "sensor0 is unbound and its devres list is empty",
                "after the unbind " + s.alive(unbind, OwnerKind.DEVICE, DEV) + " devres resource(s) of sensor0 are alive");
        checks.check(r.failedExpectations().isEmpty() && r.reports().size() == 1
                        && r.reports().get(0).kind() == ReportKind.USE_AFTER_RELEASE
                        && r.reports().get(0).object().contains("sample-buffer") && r.reports().get(0).step() == stale,
                "a reader's stale pointer to sample-buffer is a use-after-release",
                "the stale read gave " + r.reports() + ", expectations " + r.failedExpectations());

        checks.say("1c. rebind sensor0 (sysfs 'bind'): a fresh probe, fresh devres");
        List<Event> c = s.events(rebind, Story.of(OwnerKind.DEVICE, DEV));
        Story.print(checks, c);
        checks.check(Story.verbs(c).equals(List.of("ADD#4", "ADD#5", "ADD#6", "BIND")),
                "sensor0 is bound again with 3 new resources", "the rebind made " + Story.verbs(c));

        checks.say("1d. a faux device (no real driver) is created, then destroyed");
        List<Event> d = s.events(faux, Story.of(OwnerKind.DEVICE, "faux-vkms"));
        List<Event> gone = s.events(destroy, Story.of(OwnerKind.DEVICE, "faux-vkms"));
        Story.print(checks, d);
        Story.print(checks, gone);
        checks.check(Story.verbs(d).contains("BIND") && Story.verbs(d).contains("ADD#1"),
                "faux-vkms is bound to its own driver at creation, with its resources on devres",
                "the creation made " + Story.verbs(d));
        checks.check(Story.verbs(gone).contains("REL#1") && Story.verbs(gone).indexOf("REL#1") < Story.verbs(gone)
                        .indexOf("UNBIND") && Story.verbs(gone).get(gone.size() - 1).equals("DEVICE-FREE"),
                "destroy released its devres, unbound it and freed the device", "destroy made " + Story.verbs(gone));

        checks.say("1e. sensor0 is deleted and put: the bus holds nothing");
        List<Event> e = s.events(del, Story.of(OwnerKind.DEVICE, DEV));
        Story.print(checks, e);
        checks.check(Story.verbs(e).equals(List.of("REMOVE", "REL#6", "REL#5", "REL#4", "UNBIND", "DEVICE-DEL",
                        "DEVICE-FREE")) && r.reports().size() == 1,
                "del unbound sensor0 (LIFO again), freed it, and nothing leaked",
                "del made " + Story.verbs(e) + ", reports " + r.reports().size());
    }
}
