package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Group;
import org.devres4j.core.Managed;
import org.devres4j.core.ManagedBuffer;
import org.devres4j.core.ManagedResources;
import org.devres4j.core.UseAfterReleaseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A probe that registers N resources and fails at step k leaves nothing behind, for every k in 0..N. */
class ProbeFaultInjectionTest {

    static final int N = 8;

    /** Registers resource number i, of a kind that depends on i, counting its release in {@code released}. */
    private static Object register(ManagedResources<Device> devres, int i, AtomicInteger released, List<Object> values) {
        switch (i % 4) {
            case 0:
                return devres.add("action-" + i, d -> released.incrementAndGet());
            case 1: {
                Managed<StringBuilder> m = devres.alloc("value-" + i, StringBuilder::new, sb -> released.incrementAndGet());
                values.add(m);
                return m;
            }
            case 2: {
                Group g = devres.openGroup();
                devres.add("in-group-" + i, d -> released.incrementAndGet());
                devres.closeGroup(g);
                return g;
            }
            default:
                return devres.addOrReset("or-reset-" + i, d -> released.incrementAndGet());
        }
    }

    @ParameterizedTest(name = "fail={0}")
    @ValueSource(strings = {"throw", "defer"})
    void everyFailurePointLeavesNothingBehind(String how) {
        for (int k = 0; k <= N; k++) {
            int failAt = k;
            AtomicInteger released = new AtomicInteger();
            List<Object> values = new ArrayList<>();
            ManagedBuffer[] buffer = new ManagedBuffer[1];
            Bus bus = new Bus("sweep");
            bus.registerDriver(TestDrivers.driver("dev", b -> {
                for (int i = 0; i < failAt; i++) {
                    register(b.devres(), i, released, values);
                }
                if (failAt > 0) {
                    buffer[0] = b.devres().allocBytes("buf", 16);
                }
                if (how.equals("defer")) {
                    throw new ProbeDeferredException("supplier missing at step " + failAt);
                }
                throw new IllegalStateException("injected failure at step " + failAt);
            }, b -> released.addAndGet(1000)));
            Device dev = bus.newDevice("dev0");

            dev.add();

            String at = "failure injected at step k=" + k + " (" + how + ")";
            assertThat(released.get()).as(at).isEqualTo(k);
            assertThat(dev.devres().isEmpty()).as(at).isTrue();
            assertThat(dev.devresList().leakReport().isEmpty()).as(at).isTrue();
            assertThat(dev.isBound()).as(at).isFalse();
            assertThat(dev.driver()).as(at).isEmpty();
            assertThat(dev.isProbeDeferred()).as(at).isEqualTo(how.equals("defer"));
            for (Object v : values) {
                assertThatThrownBy(((Managed<?>) v)::get).as(at).isInstanceOf(UseAfterReleaseException.class);
            }
            if (buffer[0] != null) {
                assertThatThrownBy(() -> buffer[0].read(0)).as(at).isInstanceOf(UseAfterReleaseException.class);
            }
            dev.del();
            dev.put();
            assertThat(released.get()).as(at + ": nothing runs twice at del/put").isEqualTo(k);
            assertThat(bus.liveDevices()).as(at).isEmpty();
        }
    }
}
