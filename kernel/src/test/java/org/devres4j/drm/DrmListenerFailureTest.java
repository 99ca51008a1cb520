package org.devres4j.drm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.TraceListener;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Invariant 10, DRM part: a DRM trace listener — the driver's, or one added to the device —
 * that throws on any event never stops a registration, an unplug or the last put: refcount 0 means released
 * and freed, the parent reference dropped, the minor freed, every drmm action run once; the failure is kept.
 */
class DrmListenerFailureTest {

    @ParameterizedTest(name = "{0} listener throws on {1}")
    @CsvSource({
        "driver, ALLOC", "driver, ADD", "driver, PUBLISH", "driver, REGISTER", "driver, OPEN", "driver, UNPLUG",
        "driver, WITHDRAW", "driver, UNREGISTER", "driver, ZAP", "driver, CLOSE", "driver, RELEASE",
        "driver, DRIVER-RELEASE", "driver, REL", "driver, FREE",
        "device, ADD", "device, PUBLISH", "device, REGISTER", "device, OPEN", "device, UNPLUG", "device, WITHDRAW",
        "device, UNREGISTER", "device, ZAP", "device, CLOSE", "device, RELEASE", "device, DRIVER-RELEASE",
        "device, REL", "device, FREE"})
    void aThrowingListenerNeverStopsTheLifeOfADrmDevice(String kind, String verb) throws Exception {
        TraceListener throwing = e -> {
            if (e.verb().equals(verb)) {
                throw new IllegalStateException("listener refuses " + verb);
            }
        };
        AtomicInteger hook = new AtomicInteger();
        DrmDriver.Builder b = DrmDriver.builder("noisy").release(d -> hook.incrementAndGet());
        if (kind.equals("driver")) {
            b.trace(throwing);
        }
        Bus bus = new Bus("drm-" + kind + "-" + verb);
        Device parent = bus.newDevice("gpu0");
        parent.add();
        int parentRefs = parent.refCount();
        List<String> ran = new ArrayList<>();
        DrmDevice d = DrmDevice.alloc(b.build(), parent, dev -> {
            dev.managed().add("first", x -> ran.add("first"));
            return "container";
        });
        if (kind.equals("device")) {
            d.addTraceListener(throwing);
        }
        d.managed().add("second", x -> ran.add("second"));
        Kms.modeConfigInit(d);
        Kms.connector(d, "Virtual-1", (c, g) -> ConnectorStatus.CONNECTED);
        d.register();
        assertThat(d.isRegistered()).as(verb + ": registered all the same").isTrue();
        assertThat(bus.namespace().paths()).contains("/dev/dri/card0");
        DrmFile f = d.open();
        d.unplug();
        assertThat(d.isUnplugged()).isTrue();
        assertThat(bus.namespace().paths()).as(verb + ": the names were withdrawn").isEmpty();
        f.close();
        d.put();
        assertThat(d.refCount()).isZero();
        assertThat(d.isFreed()).as(verb + ": refcount 0 means freed").isTrue();
        assertThat(ran).as(verb + ": every drmm action ran once, newest first").containsExactly("second", "first");
        assertThat(hook.get()).as(verb + ": the driver's release hook ran once").isEqualTo(1);
        assertThat(parent.refCount()).as(verb + ": the parent reference was dropped").isEqualTo(parentRefs);
        assertThat(bus.namespace().minors()).as(verb + ": the minor was freed").isEmpty();
        assertThat(d.traceFailures()).as(verb + ": the failure is kept on the device").isNotEmpty()
                .allSatisfy(x -> assertThat(x.cause()).hasMessage("listener refuses " + verb));
        parent.del();
        parent.put();
        assertThat(parent.isFreed()).isTrue();
    }
}
