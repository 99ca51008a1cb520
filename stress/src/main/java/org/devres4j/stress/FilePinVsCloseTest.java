package org.devres4j.stress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Managed;
import org.devres4j.core.UseAfterReleaseException;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.drm.DrmDevice;
import org.devres4j.drm.DrmDriver;
import org.devres4j.drm.DrmFile;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An ioctl in flight pins its file (DESIGN.md invariant 11, the kernel's fdget/fput): an unregistered DRM device
 * (not unplugged: an unplugged one answers every ioctl with ENODEV at entry) is held only by one open file; one actor issues an ioctl whose handler reads the device's drmm state, the
 * other closes the file — the device's last reference. Either the ioctl ran (and read the state) and the
 * release came after it, or the close came first and the ioctl was refused; never a read of released state,
 * and the release runs exactly once.
 *
 * <p>Result: r1 = 42 if the ioctl ran and read the state, 0 if it was refused as closed, -1 if its handler saw
 * its drmm state released; r2 = how many times the device's drmm list released its state.
 */
@JCStressTest
@Outcome(id = "42, 1", expect = ACCEPTABLE, desc = "The ioctl ran inside its pin; the close's release waited for it.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The close came first; the ioctl was refused; released once.")
@Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "BUG: the ioctl's handler saw its drmm state released under it.")
@Outcome(expect = FORBIDDEN, desc = "BUG: the device was not released exactly once.")
@State
public class FilePinVsCloseTest {

    private final AtomicInteger releases = new AtomicInteger();
    private final DrmFile file;
    private Managed<int[]> state;

    {
        DrmDriver driver = DrmDriver.builder("stress")
                .ioctl(0, "STRESS_READ", (f, arg) -> state.get()[0])
                .build();
        Device parent = new Bus("stress").newDevice("gpu0");
        parent.add();
        DrmDevice d = DrmDevice.alloc(driver, parent, x -> "container");
        state = d.managed().alloc("stress state", () -> new int[] {42});
        d.managed().add("count releases", x -> releases.incrementAndGet());
        d.register();
        file = d.open();
        d.unregister(); // the names go; open files keep working
        d.put(); // the file holds the last reference
    }

    @Actor
    public void ioctl(II_Result r) {
        try {
            r.r1 = (int) file.ioctl(0, 0).value();
        } catch (UseAfterReleaseException e) {
            r.r1 = -1;
        } catch (IllegalStateException closed) {
            r.r1 = 0;
        }
    }

    @Actor
    public void close() {
        file.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = releases.get();
    }
}
