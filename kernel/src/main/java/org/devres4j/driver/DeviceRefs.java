package org.devres4j.driver;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.IllegalReferenceCountException;
import org.devres4j.core.RefCount;
import org.devres4j.core.UseAfterFreeException;

/**
 * A device's reference count ({@code get_device}/{@code put_device}, the kobject's kref), with the bus's own
 * reference told apart from the others.
 *
 * <p><b>Lifetime:</b> starts at one (the creator's); {@code add} takes the bus's, {@code del} drops it; the last
 * put runs the device's release exactly once. <b>Order:</b> the bus's reference is taken before the device is
 * visible as added and cleared just before the count drops it. <b>Concurrency:</b> lock-free. {@code held}
 * mirrors the count: its low bits count the non-bus references, the {@link #BUS} bit is the bus's. A put
 * checks "a non-bus reference is left" and claims one in a single CAS on it, so two racing puts cannot both
 * pass the check and no put can take the bus's reference, even while del is between unregistering the device
 * and dropping the bus's reference; the core count then does the counting and runs the release.
 */
final class DeviceRefs {
    private static final int BUS = 1 << 30;

    private final String deviceName;
    private final RefCount refs;
    private final AtomicInteger held = new AtomicInteger(1);

    DeviceRefs(String deviceName, Runnable release) {
        this.deviceName = deviceName;
        this.refs = RefCount.create("device '" + deviceName + "'", release);
    }

    void get() {
        try {
            refs.get();
            held.incrementAndGet();
        } catch (IllegalReferenceCountException e) {
            UseAfterFreeException u = new UseAfterFreeException("device '" + deviceName + "'", "get", "get on device '"
                    + deviceName + "' refused: it was freed (its count reached 0) — a freed device cannot be revived");
            u.initCause(e);
            throw u;
        }
    }

    /* The bus's reference: taken before the device is registered, so a put can never see it as a plain one. */
    void takeBus() {
        refs.get();
        held.getAndAdd(BUS);
    }

    /* Drops the bus's reference: clears the BUS bit first, so no put can take it meanwhile. */
    void dropBus(Failures failures) {
        held.getAndAdd(-BUS);
        drop(failures);
    }

    /* Checks and claims one non-bus reference in one atomic step; refuses with the count unchanged. */
    void claimPut(String op) {
        for (;;) {
            int c = held.get();
            if (c <= 0) {
                throw new IllegalStateException(op + " on device '" + deviceName + "' refused: its reference count is "
                        + "already 0 — each reference can be dropped only once (count stays 0)");
            }
            if ((c & ~BUS) == 0) {
                throw new IllegalStateException(op + " on device '" + deviceName + "' refused: the only reference left is the "
                        + "bus's, held while the device is added — del() drops it (count stays 1)");
            }
            if (held.compareAndSet(c, c - 1)) {
                return;
            }
        }
    }

    /* Gives back a reference claimed by claimPut that will not be dropped after all (a refused unregister). */
    void unclaim() {
        held.incrementAndGet();
    }

    /* Drops a claimed reference; the last runs the release, whose teardown failures are collected. */
    void drop(Failures failures) {
        try {
            refs.put();
        } catch (IllegalReferenceCountException e) {
            throw new IllegalStateException("put on device '" + deviceName + "' refused: its reference count is "
                    + "already 0 — each reference can be dropped only once (count stays 0)", e);
        } catch (DeviceTeardownException e) {
            failures.addAll(e);
        }
    }

    int count() {
        return refs.count();
    }
}
