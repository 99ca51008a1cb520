package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.TraceEvent;
import org.devres4j.core.Tracing;
import org.devres4j.driver.TestDrivers.Log;
import org.junit.jupiter.api.Test;

/** Matching, binding, deferred probe, strict mode, faux devices and the bus trace. */
class BindingTest {

    private final Bus bus = new Bus("platform");
    private final Log log = new Log();

    @Test
    void defaultMatchingIsByNameWithAnInstanceSuffix() {
        Driver vgpu = TestDrivers.driver("vgpu", b -> { }, b -> { });
        assertThat(vgpu.matches(bus.newDevice("vgpu"))).isTrue();
        assertThat(vgpu.matches(bus.newDevice("vgpu0"))).isTrue();
        assertThat(vgpu.matches(bus.newDevice("vgpu.1"))).isTrue();
        assertThat(vgpu.matches(bus.newDevice("vgpu-a"))).isTrue();
        assertThat(vgpu.matches(bus.newDevice("vgpux"))).isFalse();
        assertThat(vgpu.matches(bus.newDevice("vgp"))).isFalse();
        assertThat(vgpu.matches(bus.newDevice("xvgpu0"))).isFalse();
    }

    @Test
    void registeringADeviceOrADriverProbesMatchingPairsOnly() {
        Device early = bus.newDevice("gpu0");
        Device other = bus.newDevice("net0");
        early.add();
        other.add();
        bus.registerDriver(TestDrivers.driver("gpu", b -> log.add("probe " + b.name()), b -> { }));
        Device late = bus.newDevice("gpu1");
        late.add();

        assertThat(log.snapshot()).containsExactly("probe gpu0", "probe gpu1");
        assertThat(early.isBound()).isTrue();
        assertThat(late.isBound()).isTrue();
        assertThat(other.isBound()).isFalse();
    }

    @Test
    void theFirstDriverWhoseProbeSucceedsWinsAndAFailedOneIsSkipped() {
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            log.add("first");
            throw new IllegalStateException("not mine");
        }, b -> { }));
        Driver second = new Driver() {
            @Override
            public String name() {
                return "generic";
            }

            @Override
            public boolean matches(Device d) {
                return true;
            }

            @Override
            public void probe(BoundDevice dev) {
                log.add("second");
            }
        };
        Driver third = TestDrivers.driver("gpu0", b -> log.add("third"), b -> { });
        bus.registerDriver(second);
        bus.registerDriver(third);
        Device dev = bus.newDevice("gpu0");
        dev.add();

        assertThat(log.snapshot()).containsExactly("first", "second");
        assertThat(dev.driver()).containsSame(second);
    }

    @Test
    void aFailedProbeAThrowingMatchAndATeardownFailureAreEachLoggedAsOneWarning() {
        IllegalStateException noFirmware = new IllegalStateException("no firmware");
        IllegalStateException badTable = new IllegalStateException("match table corrupt");
        bus.registerDriver(new Driver() {
            @Override
            public String name() {
                return "picky";
            }

            @Override
            public boolean matches(Device d) {
                throw badTable;
            }

            @Override
            public void probe(BoundDevice dev) {
                log.add("picky probed");
            }
        });
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            throw noFirmware;
        }, b -> { }));
        Device dev = bus.newDevice("gpu0");
        try (LogCapture captured = LogCapture.of("org.devres4j.driver")) {
            dev.add();
            assertThat(dev.isBound()).isFalse();
            assertThat(log.snapshot()).as("a match that throws is no match: its probe never ran").isEmpty();
            assertThat(captured.warnings()).hasSize(2);
            assertThat(captured.warnings().get(0).getMessage())
                    .isEqualTo("matches() of driver 'picky' threw for device 'gpu0'; treated as no match");
            assertThat(captured.warnings().get(0).getThrown()).isSameAs(badTable);
            assertThat(captured.warnings().get(1).getMessage()).isEqualTo("probe of device 'gpu0' by driver 'gpu' failed");
            assertThat(captured.warnings().get(1).getThrown()).as("the cause travels with the warning").isSameAs(noFirmware);
        }

        Device other = bus.newDevice("cam0");
        other.add();
        other.devres().add("stuck", d -> {
            throw new IllegalStateException("stuck register");
        });
        try (LogCapture captured = LogCapture.of("org.devres4j.driver")) {
            assertThatThrownBy(other::del).isInstanceOf(DeviceTeardownException.class);
            assertThat(captured.warnings()).as("the teardown failure: one warning naming the device, after it completed")
                    .singleElement().satisfies(r -> assertThat(r.getMessage()).startsWith("del of device 'cam0' completed, but 1 step failed"));
        }
        other.put();
        dev.del();
        dev.put();
    }

    @Test
    void aDeferredProbeIsRetriedWhenAnotherDriverBinds() {
        AtomicBoolean clockReady = new AtomicBoolean();
        List<String> trace = TestDrivers.trace(bus);
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("gpu-res", log.action("gpu-res"));
            if (!clockReady.get()) {
                throw new ProbeDeferredException("clock not ready");
            }
            log.add("gpu bound");
        }, b -> { }));
        Device gpu = bus.newDevice("gpu0");
        gpu.add();
        assertThat(gpu.isBound()).isFalse();
        assertThat(gpu.isProbeDeferred()).isTrue();
        assertThat(bus.deferredDevices()).containsExactly(gpu);
        assertThat(log.snapshot()).containsExactly("rel gpu-res");

        Device clk = bus.newDevice("clk0");
        clk.add();
        bus.registerDriver(TestDrivers.driver("clk", b -> clockReady.set(true), b -> { }));

        assertThat(gpu.isBound()).isTrue();
        assertThat(gpu.isProbeDeferred()).isFalse();
        assertThat(bus.deferredDevices()).isEmpty();
        assertThat(log.snapshot()).containsExactly("rel gpu-res", "gpu bound");
        assertThat(trace).containsSubsequence("DEFER gpu0 gpu", "BIND clk0 clk", "ADD gpu0 gpu-res", "BIND gpu0 gpu");
    }

    @Test
    void rescanRetriesDeferredProbes() {
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger attempts = new AtomicInteger();
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            attempts.incrementAndGet();
            if (!ready.get()) {
                throw new ProbeDeferredException("later");
            }
        }, b -> { }));
        Device gpu = bus.newDevice("gpu0");
        gpu.add();
        bus.rescan();
        assertThat(gpu.isBound()).isFalse();
        assertThat(attempts.get()).isEqualTo(2);
        ready.set(true);
        bus.rescan();
        assertThat(gpu.isBound()).isTrue();
        assertThat(attempts.get()).isEqualTo(3);
    }

    @Test
    void aDeviceAddedDuringAProbeIsProbedAndDeferredRetriesRunAfterTheLocksAreDropped() {
        // a probe that creates a child device: the child binds and unblocks a deferred sibling
        AtomicBoolean phyReady = new AtomicBoolean();
        bus.registerDriver(TestDrivers.driver("phy", b -> phyReady.set(true), b -> { }));
        bus.registerDriver(TestDrivers.driver("eth", b -> {
            if (!phyReady.get()) {
                throw new ProbeDeferredException("no phy");
            }
        }, b -> { }));
        Device eth = bus.newDevice("eth0");
        eth.add();
        assertThat(eth.isProbeDeferred()).isTrue();
        bus.registerDriver(TestDrivers.driver("mdio", b -> bus.newDevice("phy0", b.device()).add(), b -> { }));
        Device mdio = bus.newDevice("mdio0");
        mdio.add();

        assertThat(bus.device("phy0")).get().matches(Device::isBound);
        assertThat(eth.isBound()).isTrue();
    }

    @Test
    void unregisteringADriverLeavesOtherDriversDevicesBound() {
        Driver a = TestDrivers.driver("a", b -> { }, b -> log.add("remove " + b.name()));
        Driver c = TestDrivers.driver("c", b -> { }, b -> log.add("remove " + b.name()));
        bus.registerDriver(a);
        bus.registerDriver(c);
        Device a0 = bus.newDevice("a0");
        Device c0 = bus.newDevice("c0");
        a0.add();
        c0.add();
        bus.unregisterDriver(a);
        assertThat(log.snapshot()).containsExactly("remove a0");
        assertThat(a0.isBound()).isFalse();
        assertThat(c0.isBound()).isTrue();
        // re-registering probes it again
        bus.registerDriver(a);
        assertThat(a0.isBound()).isTrue();
    }

    @Test
    void strictDevresAcceptsAddsDuringProbeAndRemove() {
        bus.setStrictDevres(true);
        bus.registerDriver(TestDrivers.driver("gpu", b -> b.devres().add("in-probe", log.action("in-probe")),
                b -> b.devres().add("in-remove", log.action("in-remove"))));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.devres().add("while-bound", log.action("while-bound"));
        dev.unbind();
        assertThat(log.snapshot()).containsExactly("rel in-remove", "rel while-bound", "rel in-probe");
        assertThatThrownBy(() -> dev.devres().add("after", log.action("after"))).hasMessageContaining("strict devres");
    }

    @Test
    void devresOnADriverlessDeviceIsAllowedByDefault() {
        Device dev = bus.newDevice("virt0");
        dev.add();
        dev.devres().add("res", log.action("res"));
        assertThat(dev.devres().names()).containsExactly("res");
        assertThat(bus.isStrictDevres()).isFalse();
    }

    @Test
    void aFauxDeviceRunsItsCallbacksAndReleasesDevresAtDestroy() {
        List<String> trace = TestDrivers.trace(bus);
        // a driver whose name prefix matches must never take the faux device
        bus.registerDriver(TestDrivers.driver("vkms", b -> log.add("real driver probed"), b -> { }));
        FauxDevice faux = FauxDevice.create(bus, "vkms0", b -> {
            log.add("faux probe");
            b.devres().add("faux-res", log.action("faux-res"));
        }, b -> log.add("faux remove"));
        assertThat(faux.device().isBound()).isTrue();
        assertThat(faux.device().isFaux()).isTrue();
        bus.rescan();

        faux.destroy();

        assertThat(log.snapshot()).containsExactly("faux probe", "faux remove", "rel faux-res");
        assertThat(faux.device().isFreed()).isTrue();
        assertThat(bus.device("vkms0")).isEmpty();
        assertThat(trace).containsExactly("DEVICE-ADD vkms0 vkms0", "ADD vkms0 faux-res", "BIND vkms0 faux:vkms0",
                "REL vkms0 faux-res", "UNBIND vkms0 faux:vkms0", "DEVICE-DEL vkms0 vkms0", "DEVICE-FREE vkms0 vkms0");
    }

    @Test
    void aFauxDeviceWhoseProbeFailsIsNotCreatedAndLeavesNothingBehind() {
        assertThatThrownBy(() -> FauxDevice.create(bus, "vkms0", b -> {
            b.devres().add("res", log.action("res"));
            throw new IllegalStateException("no memory");
        }, b -> log.add("remove must not run"))).isInstanceOf(ProbeFailedException.class)
                .hasMessage("faux device 'vkms0' not created: its probe callback failed (everything it registered was "
                        + "released)")
                .hasRootCauseMessage("no memory");
        assertThat(log.snapshot()).containsExactly("rel res");
        assertThat(bus.device("vkms0")).isEmpty();
        assertThat(bus.liveDevices()).isEmpty();
        // the name is free again
        FauxDevice again = FauxDevice.create(bus, "vkms0", null, null);
        assertThat(again.device().isBound()).isTrue();
    }

    @Test
    void aFauxDeviceWithADuplicateNameIsAnEexistError() {
        bus.newDevice("vkms0").add();
        assertThatThrownBy(() -> FauxDevice.create(bus, "vkms0", null, null)).isInstanceOf(DeviceExistsException.class);
        assertThat(bus.liveDevices()).hasSize(1);
    }

    @Test
    void theBusTraceAlsoGoesThroughCoreTracingWhenEnabled() throws Exception {
        List<String> global = Collections.synchronizedList(new ArrayList<>());
        boolean was = Tracing.isEnabled();
        Tracing.enable();
        AutoCloseable l = Tracing.addListener((TraceEvent e) -> {
            if (e.owner().equals("traced0")) {
                global.add(e.verb() + " " + e.name());
            }
        });
        try {
            bus.registerDriver(TestDrivers.driver("traced", b -> b.devres().add("r", d -> { }), b -> { }));
            Device dev = bus.newDevice("traced0");
            dev.add();
            dev.unbind();
        } finally {
            l.close();
            if (!was) {
                Tracing.disable();
            }
        }
        assertThat(global).containsExactly("DEVICE-ADD traced0", "ADD r", "BIND traced", "REL r", "UNBIND traced");
    }

    @Test
    void theBusTraceHasOneLinePerEventInOrder() throws Exception {
        List<String> trace = TestDrivers.trace(bus);
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("irq", d -> { });
            b.devres().add("mmio", d -> { });
        }, b -> { }));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.unbind();
        dev.bind();
        dev.del();
        dev.put();
        assertThat(trace).containsExactly(
                "DEVICE-ADD gpu0 gpu0", "ADD gpu0 irq", "ADD gpu0 mmio", "BIND gpu0 gpu",
                "REL gpu0 mmio", "REL gpu0 irq", "UNBIND gpu0 gpu",
                "ADD gpu0 irq", "ADD gpu0 mmio", "BIND gpu0 gpu",
                "REL gpu0 mmio", "REL gpu0 irq", "UNBIND gpu0 gpu", "DEVICE-DEL gpu0 gpu0", "DEVICE-FREE gpu0 gpu0");
    }

    @Test
    void theBoundDeviceOfAFailedProbeIsInvalid() {
        BoundDevice[] kept = new BoundDevice[1];
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            kept[0] = b;
            throw new IllegalStateException("no");
        }, b -> { }));
        bus.newDevice("gpu0").add();
        assertThat(kept[0].isValid()).isFalse();
        assertThatThrownBy(kept[0]::device).hasMessageContaining("that binding has ended");
    }

    @Test
    void unbindFromInsideRemoveIsRefusedAndDelFromADevresActionDoesNotRunRemoveTwice() {
        AtomicInteger removes = new AtomicInteger();
        List<String> refusals = Collections.synchronizedList(new ArrayList<>());
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            Device d = b.device();
            b.devres().add("deletes-device", x -> d.del());
        }, b -> {
            removes.incrementAndGet();
            try {
                b.device().unbind();
            } catch (IllegalStateException e) {
                refusals.add(e.getMessage());
            }
        }));
        Device dev = bus.newDevice("gpu0");
        dev.add();

        dev.unbind();

        assertThat(removes.get()).isEqualTo(1);
        assertThat(refusals).containsExactly("unbind of device 'gpu0' refused: its unbind is already running (called "
                + "from remove() or a devres action) — a binding ends once");
        assertThat(dev.isDeleted()).isTrue();
        assertThat(dev.isBound()).isFalse();
    }

    @Test
    void aDeviceDeletedDuringItsOwnProbeEndsUnbound() {
        List<String> trace = TestDrivers.trace(bus);
        bus.registerDriver(TestDrivers.driver("gpu", b -> {
            b.devres().add("res", log.action("res"));
            b.device().del();
        }, b -> log.add("remove must not run")));
        Device dev = bus.newDevice("gpu0");
        dev.add();

        assertThat(dev.isBound()).isFalse();
        assertThat(dev.isDeleted()).isTrue();
        assertThat(log.snapshot()).containsExactly("rel res");
        assertThat(dev.lastProbeError()).get().extracting(Throwable::getMessage)
                .isEqualTo("probe of device 'gpu0' by driver 'gpu' discarded: the device was deleted during its own probe");
        assertThat(trace).endsWith("PROBE-FAIL gpu0 gpu");
    }

    @Test
    void aThrowingTraceListenerDoesNotBreakATeardown() {
        bus.addTraceListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        bus.registerDriver(TestDrivers.driver("gpu", b -> b.devres().add("res", log.action("res")),
                b -> log.add("remove")));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        dev.unbind();
        assertThat(log.snapshot()).containsExactly("remove", "rel res");
        assertThat(dev.isBound()).isFalse();
    }
}
