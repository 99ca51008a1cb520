package org.devres4j.hw.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.devres4j.hw.IrqHandler;
import org.devres4j.hw.IrqLine;

/**
 * The interrupt side of {@link MemoryHardware}: which slot each line belongs to, the handlers requested on
 * them, and delivery — a delivery that runs the handler of a slot that is gone, or whose line now belongs to
 * another slot, is a {@link HardwareFault.Kind#STALE_IRQ} fault naming the handler.
 *
 * <p><b>Lifetime:</b> a line belongs to its slot from plug to unplug; a handler is requested until its
 * {@link IrqLine#free()}, which may come after the unplug (the stale handler). <b>Order:</b> lines are handed
 * out lowest first. <b>Concurrency:</b> the tables are guarded by the hardware's lock (methods marked "under
 * the lock" expect it held, the others take it); a handler runs without it, under its line's monitor.
 */
final class InterruptLines {
    private final Memory memory;
    private final Object lock;
    /* @GuardedBy("lock") */
    private final Map<Integer, Slot> owners = new HashMap<>();
    /* @GuardedBy("lock") */
    private final Map<Integer, RequestedIrq> requested = new HashMap<>();

    InterruptLines(Memory memory) {
        this.memory = memory;
        this.lock = memory.lock;
    }

    /* under the lock: refuses a plug whose lines belong to a present slot (nothing changes) */
    void refuseTaken(String name, List<Integer> irqs) {
        for (Integer i : irqs) {
            Slot holder = owners.get(i);
            if (holder != null) {
                throw new IllegalStateException("plug of " + name + " refused: irq " + i + " belongs to " + holder.name);
            }
        }
    }

    /* under the lock: the lowest line from {@code first} that no present slot holds */
    int lowestFree(int first) {
        int line = first;
        while (owners.containsKey(line)) {
            line++;
        }
        return line;
    }

    /* under the lock */
    void assign(Slot s) {
        for (Integer i : s.irqs) {
            owners.put(i, s);
        }
    }

    /* under the lock: the slot's lines are free for others; handlers requested on them stay (stale) */
    void release(Slot s) {
        for (Integer i : s.irqs) {
            owners.remove(i, s);
        }
    }

    /* under the lock */
    IrqLine request(Slot s, String deviceName, int irq, String name, IrqHandler handler) {
        if (s == null || !s.irqs.contains(irq)) {
            throw new IllegalArgumentException("request of irq " + irq + " for " + deviceName
                    + " refused: it is not the device's line " + (s == null ? List.of() : s.irqs));
        }
        RequestedIrq old = requested.get(irq);
        if (old != null) {
            throw new IllegalStateException("request of irq " + irq + " by '" + name + "' refused: already requested by "
                    + old.name() + " (lines are not shared)");
        }
        RequestedIrq[] self = new RequestedIrq[1];
        self[0] = new RequestedIrq(irq, name, s.name, s, handler, () -> forget(self[0]));
        requested.put(irq, self[0]);
        return self[0];
    }

    private void forget(RequestedIrq l) {
        synchronized (lock) {
            requested.remove(l.number(), l);
        }
    }

    /* takes the lock to look the line up; delivers without it */
    boolean raise(int irq) {
        RequestedIrq l;
        Slot holder;
        synchronized (lock) {
            l = requested.get(irq);
            holder = owners.get(irq);
        }
        return l != null && deliver(l, holder);
    }

    /* under the lock: the handler requested on the slot's first line, or null */
    RequestedIrq firstRequested(Slot s) {
        return s == null || s.irqs.isEmpty() ? null : requested.get(s.irqs.get(0));
    }

    /* without the lock */
    boolean deliver(RequestedIrq l, Slot lineHolderNow) {
        Slot owner = (Slot) l.owner();
        if (owner != lineHolderNow || !owner.present) {
            memory.fault(new HardwareFault(HardwareFault.Kind.STALE_IRQ, "irq " + l.number() + " '" + l.name() + "'",
                    owner.name, 0, false, 0, null, null, null, l.number(), l.name()));
        }
        return l.deliver();
    }

    int requestedCount() {
        synchronized (lock) {
            return requested.size();
        }
    }

    List<RequestedLine> requestedLines() {
        synchronized (lock) {
            List<RequestedLine> out = new ArrayList<>();
            new TreeMap<>(requested).values().forEach(l -> out.add(new RequestedLine(l.number(), l.name(), l.device())));
            return out;
        }
    }
}
