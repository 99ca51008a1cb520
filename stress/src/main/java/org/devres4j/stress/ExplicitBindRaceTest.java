package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two explicit binds of one device to two drivers at once ({@code device_driver_attach}, sysfs {@code bind}):
 * the device's lock serialises them, so exactly one probe runs and binds; the other is refused with
 * {@code EBUSY} — a device is bound to at most one driver.
 *
 * <p>Result: r1, r2 = 1 if that actor's bind succeeded, 0 if it was refused with EBUSY, -1 for anything else;
 * r3 = how many probes ran.
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One bind probed and bound; the other found a driver attached (EBUSY).")
@Outcome(expect = FORBIDDEN, desc = "BUG: two probes, two bindings, or an unexpected refusal.")
@State
public class ExplicitBindRaceTest {

    private final Device dev;
    private final Driver a;
    private final Driver b;
    private final java.util.concurrent.atomic.AtomicInteger probes = new java.util.concurrent.atomic.AtomicInteger();

    {
        Bus bus = new Bus("stress");
        a = driver("alpha");
        b = driver("beta");
        bus.registerDriver(a);
        bus.registerDriver(b);
        dev = bus.newDevice("dev0"); // matches neither by name: only an explicit bind binds it
        dev.add();
    }

    private Driver driver(String name) {
        return new Driver() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean matches(Device d) {
                return false;
            }

            @Override
            public void probe(BoundDevice d) {
                probes.incrementAndGet();
            }
        };
    }

    private int bind(Driver d) {
        try {
            dev.bind(d);
            return 1;
        } catch (ErrnoException e) {
            return e.errno() == Errno.EBUSY ? 0 : -1;
        }
    }

    @Actor
    public void bindAlpha(III_Result r) {
        r.r1 = bind(a);
    }

    @Actor
    public void bindBeta(III_Result r) {
        r.r2 = bind(b);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = probes.get();
    }
}
