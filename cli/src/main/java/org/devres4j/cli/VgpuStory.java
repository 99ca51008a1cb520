package org.devres4j.cli;

import java.util.List;
import org.devres4j.sim.Event;
import org.devres4j.sim.Event.Effect;
import org.devres4j.sim.Event.OwnerKind;
import org.devres4j.sim.RunResult;

/**
 * Part 2 of the demo, vgpu's hot-unplug story, told through the simulator: probe and register, a
 * userspace file with an ioctl and an mmap, the unbind while the file is open (ioctls now fail with
 * ENODEV, the connector reads disconnected, the mapping reads zeros), a new instance bound on the
 * same parent while the old file is still open (no EEXIST), and the old file's close, which releases
 * the old drmm list newest first and then frees the containing object, last.
 *
 * <p><b>Lifetime:</b> one simulated world for one {@link #run()}. <b>Order:</b> fixed.
 * <b>Concurrency:</b> single-threaded (the story makes no flush, so vgpu's worker stays idle).
 */
final class VgpuStory {

    private final Checks checks;

    VgpuStory(Checks checks) {
        this.checks = checks;
    }

    void run() {
        Story s = new Story("vgpu-hot-unplug", "a file and a mapping open across the unbind of vgpu0");
        s.step("load vgpu");
        int probe = s.step("plug vgpu0");
        s.step("process p1 on-remove=never");
        int open = s.step("open p1 vgpu0 as f1");
        s.step("ioctl p1 f1 read-reg");
        s.expect("value 1");
        s.step("ioctl p1 f1 create-buffer");
        s.step("mmap p1 f1 as m1");
        s.step("touch p1 m1 write");
        s.expect("value written");
        int read = s.step("touch p1 m1 read");
        s.expect("value 90");
        int unbind = s.step("unbind vgpu0");
        int enodev = s.step("ioctl p1 f1 read-reg");
        s.expect("errno ENODEV");
        s.step("ioctl p1 f1 get-connector");
        s.expect("errno ENODEV");
        int zeros = s.step("touch p1 m1 read");
        s.expect("value 0");
        int rebind = s.step("bind vgpu0");
        int close = s.step("close p1 f1");
        int del = s.step("unplug vgpu0");
        RunResult r = s.run();

        checks.say("2a. vgpu0 is plugged and probed: hardware on devres, software on drmm, then register");
        List<Event> a = s.events(probe);
        checks.say("    devres of vgpu0: " + names(s.events(probe, Story.of(OwnerKind.DEVICE, "vgpu0")
                .and(e -> e.effect() == Effect.BEGIN && e.order() > 0))));
        checks.say("    drmm of card0:   " + s.events(probe, Story.of(OwnerKind.DRM, "card0")
                .and(e -> e.effect() == Effect.BEGIN && e.order() > 0)).size()
                + " resources (state, KMS objects, lock, worker ...)");
        List<Event> published = a.stream().filter(e -> e.verb().equals("PUBLISH")).toList();
        checks.say("    names: " + String.join(" ", published.stream().map(Event::name).toList()));
        checks.check(Story.verbs(a).contains("BIND") && Story.verbs(a).contains("REGISTER")
                        && published.stream().anyMatch(e -> e.name().equals("/dev/dri/card0")),
                "vgpu0 is bound and card0 is registered as /dev/dri/card0", "the probe made " + Story.verbs(a));

        checks.say("2b. a compositor opens /dev/dri/card0, issues ioctls and maps a buffer");
        Story.print(checks, userspace(s, open, read));
        List<Event> held = userspace(s, open, read).stream().filter(e -> e.effect() == Effect.BEGIN).toList();
        checks.check(Story.verbs(held).equals(List.of("OPEN#1", "MMAP#2")),
                "the compositor holds a file on card0 and a mapping of one of its buffers",
                "userspace holds " + Story.verbs(held));

        checks.say("2c. unbind vgpu0 while the file is open (drm_dev_unplug runs from devres)");
        List<Event> c = s.events(unbind, e -> e.effect() != Effect.BEGIN && !e.verb().equals("NS")
                && e.owner().kind() != OwnerKind.PROCESS);
        Story.print(checks, c);
        checks.check(Story.verbs(c).containsAll(List.of("UNPLUG", "WITHDRAW", "UNREGISTER", "ZAP", "UNBIND"))
                        && c.stream().noneMatch(e -> e.verb().equals("FREE")),
                "card0 is unplugged and unregistered but alive: the file holds it",
                "the unbind made " + Story.verbs(c));
        checks.check(s.alive(unbind, OwnerKind.DEVICE, "vgpu0") == 0,
                "the devres list is empty: the MMIO mapping, the IRQ and the uapi are gone",
                "after the unbind " + s.alive(unbind, OwnerKind.DEVICE, "vgpu0") + " devres resource(s) are alive");
        Story.print(checks, userspace(s, enodev, zeros));
        checks.check(r.failedExpectations().isEmpty(),
                "every result was as the script expects: the status register and the buffer read back before the "
                        + "unbind; after it, every ioctl fails with ENODEV, software-only ones (get-connector) too, as "
                        + "drm_ioctl checks at entry, and the mapping reads zeros",
                "unexpected results: " + r.failedExpectations());

        checks.say("2d. a new instance binds to the same parent while the old file is still open");
        List<Event> d = s.events(rebind, e -> e.verb().equals("PUBLISH") || e.verb().equals("REGISTER")
                || e.verb().equals("BIND"));
        Story.print(checks, d);
        checks.check(d.stream().anyMatch(e -> e.owner().name().equals("card1") && e.verb().equals("REGISTER"))
                        && d.stream().anyMatch(e -> e.name().equals("/sys/devices/vgpu0/tile0")) && r.reports().isEmpty(),
                "card1 registered, tile0 published again: no EEXIST",
                "the rebind made " + Story.verbs(d) + ", reports " + r.reports());

        checks.say("2e. the old file is closed: card0's last put releases its drmm list, newest first, then the final free");
        List<Event> e = s.events(close, Story.of(OwnerKind.DRM, "card0").and(x -> !x.verb().equals("NS")));
        Story.print(checks, e);
        List<String> verbs = e.stream().map(Event::verb).toList();
        checks.check(!verbs.isEmpty() && verbs.get(verbs.size() - 1).equals("FREE") && verbs.indexOf("FREE") == verbs.size() - 1
                        && descending(e) && verbs.contains("REL"),
                "card0's drmm list was released newest first and the final free came last",
                "the close made " + Story.verbs(e));
        checks.check(s.events(close, Story.of(OwnerKind.DRM, "card1")).isEmpty(), "card1 is untouched",
                "the close touched card1: " + Story.verbs(s.events(close, Story.of(OwnerKind.DRM, "card1"))));

        checks.check(s.events(del).stream().anyMatch(x -> x.verb().equals("FREE") && x.owner().name().equals("card1"))
                        && r.reports().isEmpty() && r.outcome() == org.devres4j.sim.Outcome.CLEAN,
                "vgpu0 deleted: card1 freed, no name left, no hardware fault, nothing leaked",
                "at the end: outcome " + r.outcome() + ", reports " + r.reports());
    }

    /** @return the process's events of steps {@code from} to {@code to} */
    private static List<Event> userspace(Story s, int from, int to) {
        List<Event> out = new java.util.ArrayList<>();
        for (int n = from; n <= to; n++) {
            out.addAll(s.events(n, e -> e.owner().kind() == OwnerKind.PROCESS));
        }
        return out;
    }

    private static String names(List<Event> events) {
        return String.join(", ", events.stream().map(Event::name).toList());
    }

    /** @return whether the drmm releases among these events go newest first */
    private static boolean descending(List<Event> events) {
        int last = Integer.MAX_VALUE;
        for (Event e : events) {
            if (e.verb().equals("REL")) {
                if (e.order() >= last) {
                    return false;
                }
                last = e.order();
            }
        }
        return true;
    }
}
