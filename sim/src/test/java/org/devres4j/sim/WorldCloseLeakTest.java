package org.devres4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A closed world is not kept alive by anything outside it: its bus, namespace, hardware and observers
 * are its own, so nothing global refers to it once it is closed.
 */
class WorldCloseLeakTest {

    @Test
    void closedWorldsAreNotKeptAlive() throws InterruptedException {
        List<WeakReference<World>> closed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            World w = new World(i, "current");
            w.close();
            closed.add(new WeakReference<>(w));
        }
        for (int round = 0; round < 50 && closed.stream().anyMatch(r -> r.get() != null); round++) {
            System.gc();
            Thread.sleep(20);
        }
        long kept = closed.stream().filter(r -> r.get() != null).count();
        assertThat(kept).as("closed worlds still reachable after GC (of 20)").isZero();
    }
}
