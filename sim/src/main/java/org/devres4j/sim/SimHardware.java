package org.devres4j.sim;

import java.util.List;
import java.util.Optional;

import org.devres4j.driver.Bus;
import org.devres4j.driver.BusScan;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.drivers.vgpu.Vgpu;
import org.devres4j.hw.AccessObservers;
import org.devres4j.hw.Hardware;
import org.devres4j.hw.IrqHandler;
import org.devres4j.hw.IrqLine;
import org.devres4j.hw.MmioRange;
import org.devres4j.hw.RawMmio;
import org.devres4j.hw.model.HardwareFault;
import org.devres4j.hw.model.LiveMapping;
import org.devres4j.hw.model.MemoryHardware;
import org.devres4j.hw.model.Plug;
import org.devres4j.hw.model.RegisterModel;
import org.devres4j.hw.model.RequestedLine;

/**
 * The simulator's {@link Hardware}: the kernel's one hardware model ({@link MemoryHardware}: reassignable
 * address ranges, interrupt lines, stale-mapping rules), with the world's machine description — which chip
 * sits behind a plugged device, by the register model its driver supplies — and the world told of every
 * fault. A device gets the lowest free range and line when plugged and gives them back when unplugged; a
 * stale access or interrupt reaches the world as a typed {@link HardwareFault}. It is also what the world's bus
 * scans at a rescan ({@link BusScan}): a slot whose device was removed with its hardware still present is found
 * again, and the new device adopts the same ranges, lines and registers.
 *
 * <p><b>Lifetime:</b> that of its world. <b>Order:</b> faults reach the world after the access, on the
 * accessing thread. <b>Concurrency:</b> the model is thread-safe; the world runs one step at a time, and a
 * driver's worker thread touches hardware only while the step that caused it waits.
 */
final class SimHardware implements Hardware, BusScan {

    /** What the world hears about hardware misuse. */
    interface Faults {
        /** An access through a mapping whose assignment is gone (unmapped, gone, or another device's now). */
        void staleAccess(HardwareFault fault);

        /** An interrupt delivered to a handler whose device is gone. */
        void staleIrq(HardwareFault fault);
    }

    /** A chip the simulated machine knows: devices its driver matches get its register model. */
    private record Chip(String driver, RegisterModel registers) {
    }

    private final MemoryHardware model;
    private final List<Chip> chips = List.of(new Chip("vgpu", Vgpu.REGISTERS));

    SimHardware(Faults faults) {
        this.model = new MemoryHardware(f -> {
            if (f.kind() == HardwareFault.Kind.STALE_IRQ) {
                faults.staleIrq(f);
            } else {
                faults.staleAccess(f);
            }
        });
    }

    /** Plugs a device: it gets a range and a line, its registers at its chip's reset values. */
    Plug plug(Device device, long mmioSize) {
        return model.plug(device, mmioSize, chipOf(device));
    }

    private RegisterModel chipOf(Device device) {
        for (Chip c : chips) {
            if (Driver.nameMatches(c.driver(), device.name())) {
                return c.registers();
            }
        }
        return RegisterModel.ZEROES;
    }

    /** Unplugs a device: its range and line go back to the pool; its mappings become stale. */
    void unplug(Device device) {
        if (!model.unplug(device)) {
            throw new IllegalStateException("unplug of " + device.name() + " refused: it is not plugged");
        }
    }

    @Override
    public List<String> presentOn(Bus bus) {
        return model.presentOn(bus);
    }

    Optional<Plug> plugged(Device device) {
        return model.plugged(device);
    }

    /** @return mappings never unmapped */
    List<LiveMapping> liveMappings() {
        return model.mappings();
    }

    /** @return lines still requested */
    List<RequestedLine> requestedLines() {
        return model.requestedLines();
    }

    /** Raises a device's interrupt line; @return whether a handler ran */
    boolean raise(Device device) {
        return model.raise(device);
    }

    /** @return the value of a device's register, for tests */
    int peek(Device device, long offset) {
        return model.peek(device, offset);
    }

    @Override
    public List<MmioRange> mmioRanges(Device device) {
        return model.mmioRanges(device);
    }

    @Override
    public List<Integer> irqs(Device device) {
        return model.irqs(device);
    }

    @Override
    public RawMmio map(Device device, MmioRange range) {
        return model.map(device, range);
    }

    @Override
    public void unmap(RawMmio mapping) {
        model.unmap(mapping);
    }

    @Override
    public IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler) {
        return model.requestIrq(device, irq, name, handler);
    }

    @Override
    public AccessObservers observers() {
        return model.observers();
    }
}
