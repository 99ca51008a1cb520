package org.devres4j.hw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.driver.BoundDevice;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.devres4j.driver.Driver;
import org.devres4j.hw.model.MemoryHardware;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MMIO mappings, their views and access contexts, devm unmap/free at unbind, and the in-memory hardware. */
class HwTest {
    private static final MmioRange BAR = new MmioRange("bar0", 0x1000, 0x40);
    /** A section that always holds: a stand-in for DrmDevice.enter() outside probe/remove. */
    private static final Guard TEST_SECTION = new Guard() {
        @Override
        public boolean holds() {
            return true;
        }

        @Override
        public String describe() {
            return "test section";
        }
    };

    private final MemoryHardware hw = new MemoryHardware();
    private final List<MmioAccess> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<AccessContext> rawContexts = Collections.synchronizedList(new ArrayList<>());
    private AutoCloseable observer;
    private Bus bus;

    @BeforeEach
    void setUp() {
        observer = hw.observers().add(seen::add);
        bus = new Bus("hw-test");
    }

    @AfterEach
    void tearDown() throws Exception {
        observer.close();
    }

    /** A driver that maps and requests in probe, and keeps what it got. */
    private final class Probe implements Driver {
        BoundDevice bound;
        IoMapping mmio;
        IrqLine irq;
        final AtomicInteger irqs = new AtomicInteger();

        @Override
        public String name() {
            return "hwdrv";
        }

        @Override
        public void probe(BoundDevice dev) {
            bound = dev;
            mmio = Io.devmIoremap(dev, hw, 0);
            irq = Io.devmRequestIrq(dev, hw, 0, "hwdrv", n -> irqs.incrementAndGet());
            mmio.access(dev).write32(4, 0xAB);
        }
    }

    /** A section named "section S" that holds while {@code holds[0]} is true. */
    private static Guard sectionS(boolean[] holds) {
        return new Guard() {
            @Override
            public boolean holds() {
                return holds[0];
            }

            @Override
            public String describe() {
                return "section S";
            }
        };
    }

    private Device plugged(Probe p) {
        bus.registerDriver(p);
        Device d = bus.newDevice("hwdrv0");
        hw.plug(d, List.of(BAR), List.of(9));
        d.add();
        return d;
    }

    @Test
    void devmResourcesAreUndoneAtUnbindAndViewsReportTheirContext() {
        Probe p = new Probe();
        Device d = plugged(p);
        assertThat(hw.liveMappings()).isEqualTo(1);
        assertThat(hw.peek(BAR, 4)).isEqualTo(0xAB);
        assertThat(seen).singleElement().satisfies(a -> {
            assertThat(a.context()).isEqualTo(AccessContext.BOUND);
            assertThat(a.write()).isTrue();
            assertThat(a.device()).isEqualTo("hwdrv0");
            assertThat(a.suspicious()).isFalse();
        });
        assertThat(hw.raise(9)).isTrue();
        assertThat(p.irqs.get()).isEqualTo(1);

        Guard guard = new Guard() {
            @Override
            public boolean holds() {
                return true;
            }

            @Override
            public String describe() {
                return "test guard";
            }
        };
        assertThat(p.mmio.access(guard).read32(4)).isEqualTo(0xAB);
        assertThat(seen.get(1).context()).isEqualTo(AccessContext.GUARDED);
        p.mmio.unguardedAccess().read32(0);
        assertThat(seen.get(2).context()).isEqualTo(AccessContext.UNGUARDED);
        assertThat(seen.get(2).suspicious()).isTrue();

        d.unbind();
        assertThat(p.mmio.isMapped()).isFalse();
        assertThat(hw.liveMappings()).isZero();
        assertThat(p.irq.isRequested()).isFalse();
        assertThat(hw.raise(9)).as("no handler after free").isFalse();
        assertThat(p.irqs.get()).isEqualTo(1);
    }

    @Test
    void accessAfterUnmapIsReportedThenRefused() {
        Probe p = new Probe();
        Device d = plugged(p);
        Mmio unguarded = p.mmio.unguardedAccess();
        d.unbind();
        int before = seen.size();
        assertThatThrownBy(() -> unguarded.write32(0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MMIO write of 'hwdrv0:bar0'+0x0 after unmap").hasMessageContaining("UNGUARDED");
        assertThat(seen).hasSize(before + 1);
        assertThat(seen.get(before).mapped()).isFalse();
        assertThat(seen.get(before).suspicious()).isTrue();
    }

    @Test
    void staleViewsAreRefused() {
        Probe p = new Probe();
        Device d = plugged(p);
        Mmio bound = p.mmio.access(p.bound);
        boolean[] holds = {true};
        Mmio guarded = p.mmio.access(sectionS(holds));
        holds[0] = false;
        int before = seen.size();
        assertThatThrownBy(() -> guarded.read32(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'hwdrv0:bar0' refused: section S does not hold");
        d.unbind();
        assertThatThrownBy(() -> bound.read32(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("binding of hwdrv0 has ended");
        assertThat(seen).as("refused accesses never reach the hardware or the observers").hasSize(before);
    }

    @Test
    void badInputIsRefusedWithClearMessages() {
        Probe p = new Probe();
        Device d = plugged(p);
        Mmio v = p.mmio.unguardedAccess();
        assertThatThrownBy(() -> v.read32(0x40)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("outside 'hwdrv0:bar0'");
        assertThatThrownBy(() -> v.read32(2)).isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("aligned");
        assertThatThrownBy(() -> Io.ioremap(hw, d, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hwdrv0 resource 1").hasMessageContaining("1 MMIO range(s)");
        assertThatThrownBy(() -> Io.requestIrq(hw, d, 0, "again", n -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already requested by hwdrv");
        d.unbind();
        assertThatThrownBy(p.mmio::unmap).isInstanceOf(IllegalStateException.class).hasMessageContaining("already unmapped");
        assertThatThrownBy(p.irq::free).isInstanceOf(IllegalStateException.class).hasMessageContaining("already freed");
        assertThatThrownBy(() -> Io.devmIoremap(p.bound, hw, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("binding has ended");
        assertThatThrownBy(() -> new MmioRange("r", 0, 6)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 4");
        assertThat(hw.liveMappings()).isZero();
    }

    @Test
    void directGuardedAccessesCheckReportAndRefuseLikeAGuardView() {
        Probe p = new Probe();
        Device d = plugged(p);
        boolean[] holds = {true};
        Guard section = sectionS(holds);
        int before = seen.size();
        p.mmio.write32(section, 8, 0x5A);
        assertThat(p.mmio.read32(section, 8)).isEqualTo(0x5A);
        assertThat(hw.peek(BAR, 8)).isEqualTo(0x5A);
        assertThat(seen.subList(before, seen.size())).extracting(MmioAccess::write, MmioAccess::context, MmioAccess::guard)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(true, AccessContext.GUARDED, "section S"),
                        org.assertj.core.groups.Tuple.tuple(false, AccessContext.GUARDED, "section S"));

        holds[0] = false;
        int refusedAt = seen.size();
        assertThatThrownBy(() -> p.mmio.read32(section, 8)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'hwdrv0:bar0' refused: section S does not hold");
        assertThatThrownBy(() -> p.mmio.write32(section, 8, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'hwdrv0:bar0' refused: section S does not hold");
        assertThatThrownBy(() -> p.mmio.read32(null, 8)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("the guard of 'hwdrv0:bar0' must not be null");
        assertThat(seen).as("refused accesses never reach the hardware or the observers").hasSize(refusedAt);
        assertThat(hw.peek(BAR, 8)).as("a refused write changes nothing").isEqualTo(0x5A);

        holds[0] = true;
        assertThatThrownBy(() -> p.mmio.read32(section, 0x40)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("outside 'hwdrv0:bar0'");
        d.unbind();
        assertThatThrownBy(() -> p.mmio.write32(section, 8, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("MMIO write of 'hwdrv0:bar0'+0x8 after unmap").hasMessageContaining("GUARDED");
        assertThat(seen.get(seen.size() - 1)).satisfies(a -> {
            assertThat(a.mapped()).isFalse();
            assertThat(a.guard()).isEqualTo("section S");
        });
    }

    @Test
    void staleMappingsOfAGoneDeviceReadAllOnesAndReachANewOwner() {
        Device a = bus.newDevice("a0");
        hw.plug(a, List.of(BAR), List.of());
        IoMapping m = Io.ioremap(hw, a, 0);
        Mmio raw = m.unguardedAccess();
        raw.write32(8, 5);
        hw.unplug(a);
        assertThat(raw.read32(8)).isEqualTo(0xFFFFFFFF);
        raw.write32(8, 6);
        Device b = bus.newDevice("b0");
        hw.plug(b, List.of(BAR), List.of());
        assertThat(hw.peek(BAR, 8)).as("the write to the empty range was dropped; b0 starts from reset").isEqualTo(0);
        raw.write32(8, 7);
        assertThat(hw.peek(BAR, 8)).as("the stale mapping reached the new device").isEqualTo(7);
        assertThat(hw.faults()).extracting(f -> f.kind()).containsExactly(org.devres4j.hw.model.HardwareFault.Kind.GONE,
                org.devres4j.hw.model.HardwareFault.Kind.GONE, org.devres4j.hw.model.HardwareFault.Kind.REASSIGNED);
        assertThat(hw.faults().get(2).nowOwner()).isEqualTo("b0");
        assertThat(hw.faults().get(2).device()).isEqualTo("a0");
        assertThat(hw.faults().get(2).context()).isEqualTo(AccessContext.UNGUARDED);
        assertThat(hw.faults().get(2).toString()).contains("now belongs to b0").contains("a0").contains("UNGUARDED");
        m.unmap();
        assertThatThrownBy(() -> hw.plug(b, List.of(BAR), List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already plugged");
    }

    @Test
    void anInterruptRunningAGoneDevicesHandlerIsAStaleIrqFaultNamingTheHandler() {
        Device a = bus.newDevice("a0");
        hw.plug(a, List.of(BAR), List.of(9));
        AtomicInteger ran = new AtomicInteger();
        IrqLine line = Io.requestIrq(hw, a, 0, "a0-vblank", n -> ran.incrementAndGet());
        assertThat(hw.raise(9)).isTrue();
        assertThat(hw.faults()).as("a live device's own interrupt is no fault").isEmpty();

        hw.unplug(a);   // the handler was never freed: it is stale now
        Device b = bus.newDevice("b0");
        hw.plug(b, List.of(new MmioRange("bar0", 0x2000, 0x40)), List.of(9));
        assertThat(hw.raise(b)).as("b0's interrupt runs the handler a0 left on the line").isTrue();
        assertThat(ran).hasValue(2);
        assertThat(hw.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(org.devres4j.hw.model.HardwareFault.Kind.STALE_IRQ);
            assertThat(f.handler()).as("the handler's name, typed").isEqualTo("a0-vblank");
            assertThat(f.device()).isEqualTo("a0");
            assertThat(f.irq()).isEqualTo(9);
            assertThat(f.context()).isNull();
            assertThat(f.toString()).isEqualTo("irq 9 (handler 'a0-vblank', requested by a0): a0 is gone; the interrupt ran "
                    + "its stale handler");
        });
        assertThat(hw.requestedLines()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("a0-vblank");
            assertThat(l.device()).isEqualTo("a0");
        });
        line.free();
        assertThat(hw.raise(9)).as("no handler after its free").isFalse();
        assertThat(hw.requestedIrqs()).isZero();
        assertThat(hw.faults()).as("a line without a handler raises no fault").hasSize(1);
    }

    @Test
    void reservedResourcesGoToTheFirstDeviceOfThatName() {
        hw.reserve("late0", List.of(BAR), List.of(4));
        assertThatThrownBy(() -> hw.reserve("late0", List.of(), List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'late0'").hasMessageContaining("already reserved");
        Device d = bus.newDevice("late0");
        assertThat(hw.mmioRanges(d)).containsExactly(BAR);
        assertThat(hw.irqs(d)).containsExactly(4);
        assertThat(hw.isPlugged(d)).isTrue();
        assertThat(hw.mmioRanges(bus.newDevice("late1"))).isEmpty();
    }

    @Test
    void rawAccessIsGivenItsContextAsAnArgument() {
        Device a = bus.newDevice("ctx0");
        RawMmio recording = new RawMmio() {
            @Override
            public String name() {
                return "rec";
            }

            @Override
            public long base() {
                return 0;
            }

            @Override
            public long size() {
                return 16;
            }

            @Override
            public int read32(long offset, AccessContext context) {
                rawContexts.add(context);
                return 0;
            }

            @Override
            public void write32(long offset, int value, AccessContext context) {
                rawContexts.add(context);
            }
        };
        AccessObservers observers = new AccessObservers();
        Hardware fake = new Hardware() {
            @Override
            public List<MmioRange> mmioRanges(Device device) {
                return List.of(new MmioRange("r", 0, 16));
            }

            @Override
            public List<Integer> irqs(Device device) {
                return List.of();
            }

            @Override
            public RawMmio map(Device device, MmioRange range) {
                return recording;
            }

            @Override
            public void unmap(RawMmio mapping) {
            }

            @Override
            public IrqLine requestIrq(Device device, int irq, String name, IrqHandler handler) {
                throw new UnsupportedOperationException();
            }

            @Override
            public AccessObservers observers() {
                return observers;
            }
        };
        IoMapping m = Io.ioremap(fake, a, 0);
        m.unguardedAccess().read32(0);
        m.access(TEST_SECTION).write32(4, 1);
        assertThat(rawContexts).containsExactly(AccessContext.UNGUARDED, AccessContext.GUARDED);
    }

    @Test
    void observersSeeAccessesFromRegisterUntilCloseAndCloseTwiceIsHarmless() throws Exception {
        Probe p = new Probe();
        plugged(p);
        List<String> first = Collections.synchronizedList(new ArrayList<>());
        List<String> second = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable one = hw.observers().add(a -> first.add(a.guard() + " " + a.offset()));
        AutoCloseable two = hw.observers().add(a -> second.add(a.guard() + " " + a.offset()));
        Mmio section = p.mmio.access(TEST_SECTION);
        section.read32(8);
        one.close();
        p.mmio.unguardedAccess().read32(12);
        one.close(); // a second close unregisters nothing else
        section.read32(16);
        two.close();
        section.read32(20);
        assertThat(first).containsExactly("test section 8");
        assertThat(second).containsExactly("test section 8", "unguardedAccess() 12", "test section 16");
        assertThat(seen).extracting(MmioAccess::offset).containsSubsequence(8L, 12L, 16L, 20L);
    }

    @Test
    void anObserverOfOneHardwareSeesOnlyItsAccessesFromAnyThread() throws Exception {
        Probe p = new Probe();
        plugged(p);
        MemoryHardware other = new MemoryHardware();
        List<String> mine = Collections.synchronizedList(new ArrayList<>());
        List<String> others = Collections.synchronizedList(new ArrayList<>());
        AutoCloseable a = hw.observers().add(x -> mine.add(Thread.currentThread().getName() + " " + x.offset()));
        AutoCloseable b = other.observers().add(x -> others.add(x.mapping()));
        assertThat(hw.observers().isObserved()).isTrue();
        Thread worker = new Thread(() -> p.mmio.unguardedAccess().write32(8, 1), "hw-test-worker");
        worker.start();
        worker.join();
        p.mmio.access(TEST_SECTION).read32(12);
        a.close();
        p.mmio.access(TEST_SECTION).read32(16);
        b.close();
        assertThat(mine).containsExactly("hw-test-worker 8", Thread.currentThread().getName() + " 12");
        assertThat(others).as("another hardware's observer sees none of these").isEmpty();
        observer.close(); // the one of setUp
        assertThat(hw.observers().isObserved()).as("nothing registered after every close").isFalse();
        assertThatThrownBy(() -> hw.observers().add(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("the observer must not be null");
    }
}
