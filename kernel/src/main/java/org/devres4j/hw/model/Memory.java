package org.devres4j.hw.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.devres4j.hw.AccessContext;
import org.devres4j.hw.Mmio;
import org.devres4j.hw.MmioRange;

/**
 * The memory side of {@link MemoryHardware}: the address space, the register files of its live assignments
 * and the stale-mapping rule applied to every raw access — the one place that rule lives — plus the fault
 * record.
 *
 * <p><b>Lifetime:</b> that of its hardware. <b>Order:</b> faults in the order they happen; the listener after
 * the access. <b>Concurrency:</b> {@link #lock} guards everything here and the hardware's tables; the fault
 * listener is called without it.
 */
final class Memory {
    final Object lock = new Object();
    final AddressSpace space;
    /* @GuardedBy("lock") the registers of each live assignment */
    final Map<AddressSpace.Range, RegisterFile> registers = new IdentityHashMap<>();
    /* @GuardedBy("lock") bumped whenever an assignment starts or ends: cached targets are looked up again */
    long topology;
    private final ArrayDeque<HardwareFault> faults = new ArrayDeque<>();
    private final Consumer<HardwareFault> listener;
    private final int kept;
    private long faultCount;

    Memory(Consumer<HardwareFault> listener, int kept, int addressBits) {
        this.space = new AddressSpace(addressBits);
        this.listener = listener;
        this.kept = kept;
    }

    int read(RawMapping m, long offset, AccessContext context) {
        Mmio.checkOffset(m.name(), m.size(), offset);
        HardwareFault f;
        int v;
        synchronized (lock) {
            long addr = m.base() + offset;
            RegisterFile t = target(m, addr);
            f = check(m, offset, false, 0, context, t);
            v = t == null || !m.mapped ? 0xFFFF_FFFF : t.read(addr - t.assignment().base());
        }
        if (f != null) {
            fault(f);
        }
        return v;
    }

    void write(RawMapping m, long offset, int value, AccessContext context) {
        Mmio.checkOffset(m.name(), m.size(), offset);
        HardwareFault f;
        synchronized (lock) {
            long addr = m.base() + offset;
            RegisterFile t = target(m, addr);
            f = check(m, offset, true, value, context, t);
            if (t != null && m.mapped) {
                t.write(addr - t.assignment().base(), value);
            }
        }
        if (f != null) {
            fault(f);
        }
    }

    /*
     * under the lock: the registers at the address now (the mapping's own, another device's, or none); an
     * unmapped mapping reaches none of them, but its fault still names the owner
     */
    private RegisterFile target(RawMapping m, long addr) {
        RegisterFile cached = m.target;
        if (m.seenAt == topology && cached != null && cached.assignment().covers(addr)) {
            return cached;
        }
        RegisterFile f = space.ownerAt(addr).map(registers::get).orElse(null);
        m.seenAt = topology;
        m.target = f;
        return f;
    }

    /* the stale-mapping rule: unmapped, gone, or now another device's */
    private static HardwareFault check(RawMapping m, long offset, boolean write, int value, AccessContext context,
                                       RegisterFile f) {
        HardwareFault.Kind kind = !m.mapped ? HardwareFault.Kind.UNMAPPED : f == null ? HardwareFault.Kind.GONE
                : f.assignment() != m.assignment() ? HardwareFault.Kind.REASSIGNED : null;
        return kind == null ? null : new HardwareFault(kind, m.name(), m.device(), offset, write, write ? value : 0, context,
                m.assignment(), f == null ? null : f.assignment(), -1, null);
    }

    /* under the lock: each of the slot's assignments gets its register file, at the chip's reset values */
    void assignRegisters(Slot s, RegisterModel model) {
        for (int i = 0; i < s.assignments.size(); i++) {
            registers.put(s.assignments.get(i), new RegisterFile(s.assignments.get(i), s.ranges.get(i), model));
        }
        topology++;
    }

    /*
     * under the lock: the slot's addresses under new assignments, its register contents kept — so a mapping made
     * for the old assignments is stale from here on (its accesses are REASSIGNED faults)
     */
    void renewAssignments(Slot s) {
        List<AddressSpace.Range> renewed = new ArrayList<>();
        for (AddressSpace.Range r : s.assignments) {
            RegisterFile f = registers.remove(r);
            space.free(r);
            AddressSpace.Range fresh = space.claim(s.name, r.base(), r.size());
            registers.put(fresh, f.moveTo(fresh));
            renewed.add(fresh);
        }
        s.assignments = List.copyOf(renewed);
        topology++;
    }

    /* under the lock: the slot's addresses are free for others, its registers gone */
    void releaseAssignments(Slot s) {
        for (AddressSpace.Range r : s.assignments) {
            space.free(r);
            registers.remove(r);
        }
        topology++;
    }

    /* under the lock: the registers of the live assignment at a range's base */
    RegisterFile fileAt(MmioRange range) {
        RegisterFile f = space.ownerAt(range.base()).map(registers::get).orElse(null);
        if (f == null) {
            throw new IllegalStateException("no present device holds " + range + ": plug or reserve it first");
        }
        return f;
    }

    void fault(HardwareFault f) {
        synchronized (lock) {
            faultCount++;
            if (faults.size() == kept) {
                faults.removeFirst();
            }
            faults.addLast(f);
        }
        listener.accept(f);
    }

    List<HardwareFault> faults() {
        synchronized (lock) {
            return List.copyOf(faults);
        }
    }

    long faultCount() {
        synchronized (lock) {
            return faultCount;
        }
    }
}
