package org.devres4j.driver;

import java.util.List;
import org.devres4j.core.ReleaseFailedException;

/*
 * Design — how one device comes apart: Linux's core.c device_del (children first, unbind, the devres
 * list, the name withdrawn, the bus's reference dropped), device_unregister (device_del, then the
 * caller's put) and device_release (the last put: the devres list once more, closed, the device freed,
 * the parent put). Device keeps the public calls and their contract; the sequences live here.
 *
 * Lifetime: a device is deleted once (ADDED → DELETING → DELETED, in BusTables) and freed once (its
 * RefCount's release). Children are deleted before their parent; a device is freed before the put on
 * its parent, so a parent is never freed before its children.
 *
 * Order: del → children, newest first → forget a deferred probe → unbind if bound → the devres list
 * (policy permitting) → name withdrawn → DEVICE-DEL → the bus's reference. Release → the devres list,
 * closed → freed → untracked → DEVICE-FREE → the parent's put. Every step runs even if an earlier one
 * failed; the failures are collected and thrown once, at the end (DeviceTeardownException).
 *
 * Concurrency: a del runs under the device's lock, a child's del under the child's lock taken after
 * the parent's (parent before child). The release runs on the thread of the last put, with no device
 * lock needed: nothing else can reach a device whose count is 0.
 */
final class DeviceTeardown {
    private DeviceTeardown() {
    }

    /* device_del under the device's lock, the failures thrown at the end (del, and a faux device's destroy) */
    static void del(Device dev) {
        Failures failures = new Failures();
        dev.lockDevice();
        try {
            dev.requireNotFreed("del");
            delLocked(dev, "del", failures);
        } finally {
            dev.unlockDevice();
        }
        failures.throwIfAny("del of device '" + dev.name() + "'");
    }

    /* device_unregister: the caller's reference is claimed first and given back if the del is refused */
    static void unregister(Device dev) {
        dev.requireNotFreed("unregister");
        dev.refs().claimPut("unregister");
        Failures failures = new Failures();
        dev.lockDevice();
        try {
            delLocked(dev, "unregister", failures);
        } catch (RuntimeException | Error e) {
            dev.refs().unclaim(); // refused before anything changed: the caller keeps its reference
            throw e;
        } finally {
            dev.unlockDevice();
        }
        dev.refs().drop(failures);
        failures.throwIfAny("unregister of device '" + dev.name() + "'");
    }

    /* A child's del inside its parent's: skipped if someone else deleted it meanwhile. */
    private static void delAsChild(Device dev, Failures failures) {
        dev.lockDevice();
        try {
            if (dev.state != Device.State.ADDED || dev.isFreed()) {
                return;
            }
            delLocked(dev, "del", failures);
        } finally {
            dev.unlockDevice();
        }
    }

    /* Called with the lock held: marks the device deleting, deletes its children last-added first, then itself. */
    private static void delLocked(Device dev, String op, Failures failures) {
        Bus bus = dev.bus();
        List<Device> children = bus.tables().markDeleting(dev, op);
        for (int i = children.size() - 1; i >= 0; i--) {
            delAsChild(children.get(i), failures);
        }
        bus.core().forgetDeferred(dev);
        DriverModelPolicy policy = bus.policy();
        Attachment a = dev.attachment();
        if (a.bound && !a.unbinding) {
            bus.core().unbind(dev, failures, "del", policy);
        }
        if (policy.releasesAtDel()) {
            dev.releaseList(failures, "del");
        }
        bus.tables().unregister(dev);
        bus.emit(Bus.DEVICE_DEL, dev, dev.name(), "");
        dev.refs().dropBus(failures);
    }

    /* A refused add: drops the bus's reference again; a teardown it runs (creator already put) is attached. */
    static void giveBusReferenceBack(Device dev, RuntimeException refusal) {
        Failures failures = new Failures();
        dev.refs().dropBus(failures);
        try {
            failures.throwIfAny("last put of device '" + dev.name() + "'");
        } catch (DeviceTeardownException e) {
            refusal.addSuppressed(e);
        }
    }

    /* device_release — the RefCount's release: runs exactly once, on the thread of the last put. */
    static void release(Device dev) {
        Failures failures = new Failures();
        try {
            dev.devresList().releaseAllAndClose("last put");
        } catch (ReleaseFailedException e) {
            failures.addRelease(e);
        }
        dev.markFreed();
        Bus bus = dev.bus();
        bus.tables().untrack(dev);
        bus.emit(Bus.DEVICE_FREE, dev, dev.name(), "");
        dev.parent().ifPresent(parent -> {
            try {
                parent.put();
            } catch (DeviceTeardownException e) {
                failures.addAll(e);
            }
        });
        failures.throwIfAny("last put of device '" + dev.name() + "'");
    }
}
