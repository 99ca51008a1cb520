package org.devres4j.sim;

import java.util.function.Consumer;

import org.devres4j.core.TraceListener;
import org.devres4j.driver.Bus;
import org.devres4j.driver.DriverModelPolicy;
import org.devres4j.hw.MmioAccess;

/**
 * The one place the simulator wires itself into the kernel model: a bus with the run's driver-model
 * policy made with the world's namespace and the world's hardware as what its rescan scans, the world's
 * trace listener on the bus, and the world's MMIO observer on the world's own hardware. Everything a world gives
 * the kernel, and takes back at {@link #close()}, is here.
 *
 * <p><b>Lifetime:</b> from construction to {@link #close()}: the observer sees every access through a
 * mapping of this world's hardware, on whatever thread, and nothing of another world's; after close
 * the kernel keeps no reference to the world. <b>Order:</b> close undoes construction in reverse.
 * <b>Concurrency:</b> built and closed on the world's thread.
 */
final class Platform implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Platform.class.getName());

    private final Bus bus;
    private final SimHardware hw;
    private final AutoCloseable busTrace;
    private final AutoCloseable accessObserver;
    private boolean closed;

    Platform(DriverModelPolicy policy, SimHardware hw, SimNamespace ns, TraceListener busListener,
             Consumer<MmioAccess> onAccess) {
        this.hw = hw;
        this.bus = new Bus("sim", ns, hw);   // a rescan scans the world's hardware
        bus.setPolicy(policy);
        this.busTrace = bus.addTraceListener(busListener);
        this.accessObserver = hw.observers().add(onAccess::accept);
    }

    Bus bus() {
        return bus;
    }

    /** @return whether an MMIO access through a mapping of this world's hardware is observed right now */
    boolean observingAccesses() {
        return hw.observers().isObserved();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the bus, its namespace and the hardware belong to this world alone: nothing global refers to them
        closeQuietly(accessObserver, "the MMIO observer");
        closeQuietly(busTrace, "the bus trace listener");
    }

    private static void closeQuietly(AutoCloseable c, String what) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + what + " of a simulated world failed", e);
        }
    }
}
