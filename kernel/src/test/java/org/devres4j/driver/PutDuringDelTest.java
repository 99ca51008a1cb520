package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The bus's reference lives in the same atomic as the count, so an extra put that runs while
 * del is between unregistering the device and dropping the bus's reference is refused, as it is before del.
 */
class PutDuringDelTest {

    private static final String REFUSED_BUS_ONLY = "put on device 'd' refused: the only reference left is the bus's, "
            + "held while the device is added — del() drops it (count stays 1)";

    @Test
    void anExtraPutBeforeDelIsRefused() {
        Bus bus = new Bus("b");
        Device dev = bus.newDevice("d");
        dev.add();
        dev.put(); // the creator's reference: only the bus's is left
        assertThatThrownBy(dev::put).isInstanceOf(IllegalStateException.class).hasMessage(REFUSED_BUS_ONLY);
        assertThat(dev.refCount()).isEqualTo(1);
        dev.del();
        assertThat(dev.isFreed()).isTrue();
    }

    @Test
    void anExtraPutAfterUnregisterButBeforeTheBusReferenceIsDroppedIsRefused() throws Exception {
        Bus bus = new Bus("b");
        Device dev = bus.newDevice("d");
        dev.add();
        dev.put(); // the creator's reference: only the bus's is left
        AtomicReference<Throwable> fromPut = new AtomicReference<>();
        AtomicReference<String> seen = new AtomicReference<>();
        bus.addTraceListener(ev -> {
            if (ev.verb().equals(Bus.DEVICE_DEL)) {
                // del has unregistered the device (state DELETED) and not yet dropped the bus's reference
                Thread t = new Thread(() -> {
                    try {
                        seen.set("deleted=" + dev.isDeleted());
                        dev.put();
                    } catch (Throwable e) {
                        fromPut.set(e);
                    }
                }, "extra-put");
                t.start();
                try {
                    t.join(10_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                }
            }
        });

        dev.del(); // with the bus's reference counted apart from the count, this would find the count already 0

        assertThat(seen.get()).as("the extra put ran inside del, after the unregister").isEqualTo("deleted=true");
        assertThat(fromPut.get()).as("the extra put is refused during del as before it")
                .isInstanceOf(IllegalStateException.class).hasMessage(REFUSED_BUS_ONLY);
        assertThat(dev.isFreed()).as("del dropped the bus's reference: freed exactly once").isTrue();
        assertThat(dev.refCount()).isZero();
        assertThatThrownBy(dev::put).isInstanceOf(IllegalStateException.class)
                .hasMessage("put on device 'd' refused: its reference count is already 0 — each reference can be "
                        + "dropped only once (count stays 0)");
    }

    @Test
    void aRefusedAddGivesTheBusReferenceBack() {
        Bus bus = new Bus("b");
        Device first = bus.newDevice("d");
        first.add();
        Device second = bus.newDevice("d");
        assertThatThrownBy(second::add).isInstanceOf(DeviceExistsException.class);
        assertThat(second.refCount()).as("the refused add left the count as it was").isEqualTo(1);
        second.put();
        assertThat(second.isFreed()).isTrue();
        first.del();
        first.put();
        assertThat(first.isFreed()).isTrue();
    }
}
