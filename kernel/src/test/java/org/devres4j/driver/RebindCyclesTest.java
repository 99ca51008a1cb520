package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Managed;
import org.junit.jupiter.api.Test;

/**
 * Seed 000's point: if devres were released only at device deletion, every unbind/rebind cycle would
 * pile up another set of resources. Here every unbind empties the list and the next probe refills it.
 */
class RebindCyclesTest {

    @Test
    void thousandUnbindRebindCyclesLeaveTheDevresListEmptyEachTime() {
        AtomicInteger live = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        Managed<?>[] last = new Managed<?>[1];
        Bus bus = new Bus("platform");
        bus.registerDriver(TestDrivers.driver("bridge", b -> {
            probes.incrementAndGet();
            live.addAndGet(3);
            b.devres().add("irq", d -> live.decrementAndGet());
            b.devres().add("mmio", d -> live.decrementAndGet());
            last[0] = b.devres().alloc("state", Object::new, o -> live.decrementAndGet());
        }, b -> { }));
        Device dev = bus.newDevice("bridge0");
        dev.add();

        for (int cycle = 1; cycle <= 1000; cycle++) {
            assertThat(dev.devres().size()).as("cycle %d, bound", cycle).isEqualTo(3);
            Managed<?> state = last[0];
            dev.unbind();
            assertThat(dev.devres().isEmpty()).as("cycle %d: list empty after unbind", cycle).isTrue();
            assertThat(live.get()).as("cycle %d: nothing piles up", cycle).isZero();
            assertThat(state.isLive()).as("cycle %d", cycle).isFalse();
            dev.bind();
            assertThat(dev.isBound()).as("cycle %d", cycle).isTrue();
        }
        assertThat(probes.get()).isEqualTo(1001);
        dev.del();
        dev.put();
        assertThat(live.get()).isZero();
        assertThat(dev.isFreed()).isTrue();
    }
}
