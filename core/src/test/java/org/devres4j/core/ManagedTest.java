package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.devres4j.core.Fixtures.Dev;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Managed values and buffers: poisoned after release, KASAN-style reports, zero-filled buffers. */
class ManagedTest {

    private final ResourceList<Dev> list = kind().create(new Dev("dev0"), "dev0");

    /** @return the kind of list these tests run against; a subclass runs them against the other kind */
    ListKind kind() {
        return ListKind.SHARED;
    }

    @AfterEach
    void stacksOff() {
        Diagnostics.setCaptureStacks(false);
    }

    @Test
    void getWorksWhileLive() {
        Managed<StringBuilder> m = list.alloc("state", StringBuilder::new);
        m.get().append("x");
        assertThat(m.get().toString()).isEqualTo("x");
        assertThat(m.isLive()).isTrue();
        assertThat(m.name()).isEqualTo("state");
        assertThat(m.ownerName()).isEqualTo("dev0");
        assertThat(list.names()).containsExactly("state");
    }

    @Test
    void getAfterReleaseNamesValueOwnerAllocationSiteAndReason() {
        list.add("first", o -> { });
        Managed<String> m = list.alloc("crtc-state", () -> "v");
        list.releaseAll("unbind");
        assertThat(m.isLive()).isFalse();
        UseAfterReleaseException e = org.junit.jupiter.api.Assertions.assertThrows(UseAfterReleaseException.class, m::get);
        String thread = Thread.currentThread().getName();
        assertThat(e.valueName()).isEqualTo("crtc-state");
        assertThat(e.ownerName()).isEqualTo("dev0");
        assertThat(e.allocatedAt()).startsWith("on 'dev0', thread '" + thread + "'")
                .contains("-Ddevres4j.debug=true");
        assertThat(e.releasedBy()).isEqualTo("unbind of 'dev0' on thread '" + thread + "'");
        assertThat(e.getMessage()).startsWith("use-after-release of 'crtc-state' owned by 'dev0'")
                .contains("allocated: on 'dev0'", "released:  unbind of 'dev0'");
    }

    @Test
    void aValueAddedWhileSomeoneListensNamesItsRegistrationNumber() {
        ResourceList<Dev> traced = kind().create(new Dev("dev1"), "dev1", e -> { });
        traced.add("first", o -> { });
        Managed<String> m = traced.alloc("crtc-state", () -> "v");
        traced.releaseAll("unbind");
        assertThatThrownBy(m::get).isInstanceOf(UseAfterReleaseException.class)
                .satisfies(e -> assertThat(((UseAfterReleaseException) e).allocatedAt()).startsWith("#2 on 'dev1'"));
    }

    @Test
    void getAfterReleaseWithStacksShowsTheTestMethodForBothEnds() {
        Diagnostics.setCaptureStacks(true);
        Managed<String> m = list.alloc("fb", () -> "v");
        releaseFromHelper();
        UseAfterReleaseException e = org.junit.jupiter.api.Assertions.assertThrows(UseAfterReleaseException.class, m::get);
        assertThat(e.allocatedAt()).contains("ManagedTest.getAfterReleaseWithStacksShowsTheTestMethodForBothEnds")
                .doesNotContain("LinkedResourceList").doesNotContain("-Ddevres4j.debug");
        assertThat(e.releasedBy()).startsWith("last put of 'dev0'").contains("ManagedTest.releaseFromHelper")
                .doesNotContain("ManagedNode");
        assertThat(e.getMessage()).contains("ManagedTest.getAfterReleaseWithStacksShowsTheTestMethodForBothEnds");
    }

    private void releaseFromHelper() {
        list.releaseAll("last put");
    }

    @Test
    void releaseOfOneManagedValueByHandlePoisonsIt() {
        Managed<String> m = list.alloc("v", () -> "v");
        list.release(m);
        assertThatThrownBy(m::get).isInstanceOf(UseAfterReleaseException.class)
                .hasMessageContaining("release of 'v' of 'dev0'");
    }

    @Test
    void groupReleasePoisonsWithTheGroupAsReason() {
        list.openGroup("g");
        Managed<String> m = list.alloc("v", () -> "v");
        list.releaseGroup("g");
        assertThatThrownBy(m::get).isInstanceOf(UseAfterReleaseException.class)
                .hasMessageContaining("releaseGroup(g) of 'dev0'");
    }

    @Test
    void destructorRunsExactlyOnce() {
        AtomicInteger runs = new AtomicInteger();
        Managed<String> m = list.alloc("v", () -> "v", v -> {
            assertThat(v).isEqualTo("v");
            runs.incrementAndGet();
        });
        list.releaseAll("unbind");
        list.releaseAll("again");
        assertThatThrownBy(() -> list.release(m)).isInstanceOf(IllegalStateException.class);
        assertThat(runs.get()).isEqualTo(1);
    }

    /**
     * Issue 10, Medium 9: a value reads as released from the moment its release starts, not after its
     * destructor returns — for other threads and for the destructor's own code, which gets the value as
     * its argument and finds the Managed already poisoned.
     */
    @Test
    void theValueReadsAsReleasedWhileItsDestructorRunsEvenFromTheDestructor() {
        java.util.concurrent.atomic.AtomicReference<Managed<String>> self = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.List<String> seen = new java.util.ArrayList<>();
        Managed<String> m = list.alloc("v", () -> "v", value -> {
            seen.add("argument " + value);
            seen.add("isLive " + self.get().isLive());
            try {
                self.get().get();
                seen.add("get returned");
            } catch (UseAfterReleaseException e) {
                seen.add("get threw, released by " + e.releasedBy());
            }
        });
        self.set(m);
        list.releaseAll("unbind");
        assertThat(seen).containsExactly("argument v", "isLive false",
                "get threw, released by unbind of 'dev0' on thread '" + Thread.currentThread().getName() + "'");
    }

    @Test
    void anotherThreadReadingDuringTheDestructorSeesTheValueReleased() throws Exception {
        assumeTrue(kind() == ListKind.SHARED, "crosses threads: a confined list refuses the other thread (ConfinedListTest)");
        java.util.concurrent.CountDownLatch inDestructor = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        Managed<String> m = list.alloc("v", () -> "v", value -> {
            inDestructor.countDown();
            try {
                assertThat(checked.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the reader checked in time").isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread releaser = new Thread(() -> list.releaseAll("unbind"), "releaser");
        releaser.start();
        assertThat(inDestructor.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the destructor started").isTrue();
        try {
            assertThatThrownBy(m::get).as("read while the destructor runs").isInstanceOf(UseAfterReleaseException.class);
        } finally {
            checked.countDown();
            releaser.join(10_000);
        }
        assertThat(releaser.isAlive()).isFalse();
    }

    @Test
    void removedValueIsNotDestroyedAndStaysUsable() {
        AtomicInteger runs = new AtomicInteger();
        Managed<String> m = list.alloc("v", () -> "v", v -> runs.incrementAndGet());
        list.remove(m);
        list.releaseAll("unbind");
        assertThat(runs.get()).isZero();
        assertThat(m.get()).isEqualTo("v"); // devres_remove hands the memory back to the caller
        assertThat(m.isLive()).isFalse(); // but it is no longer on the list
    }

    @Test
    void bufferIsZeroFilledAndReadsBackWrites() {
        ManagedBuffer b = list.allocBytes("ring", 16);
        assertThat(b.size()).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            assertThat(b.read(i)).isZero();
        }
        b.write(3, (byte) 7);
        assertThat(b.read(3)).isEqualTo((byte) 7);
        assertThat(b.get()).hasSize(16);
        assertThat(list.leakReport().entries()).extracting(LeakReport.Entry::kind).containsExactly("buffer");
    }

    @Test
    void arrayIsCountTimesElementSizeAndZeroFilled() {
        ManagedBuffer b = list.allocArray("table", 4, 3);
        assertThat(b.size()).isEqualTo(12);
        assertThat(b.get()).containsOnly(0);
    }

    @Test
    void bufferBoundsErrorsNameTheBuffer() {
        ManagedBuffer b = list.allocBytes("ring", 4);
        assertThatThrownBy(() -> b.read(4)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("buffer 'ring' of 'dev0' has 4 bytes: index 4 is out of bounds");
        assertThatThrownBy(() -> b.write(-1, (byte) 1)).isExactlyInstanceOf(IndexOutOfBoundsException.class)
                .hasMessage("buffer 'ring' of 'dev0' has 4 bytes: index -1 is out of bounds");
        assertThat(b.get()).containsOnly(0);
    }

    @Test
    void bufferAccessAfterReleaseIsUseAfterRelease() {
        ManagedBuffer b = list.allocBytes("ring", 4);
        list.releaseAll("unbind");
        assertThatThrownBy(() -> b.read(0)).isInstanceOf(UseAfterReleaseException.class)
                .hasMessageContaining("'ring' owned by 'dev0'");
        assertThatThrownBy(() -> b.write(0, (byte) 1)).isInstanceOf(UseAfterReleaseException.class);
    }

    @Test
    void supplierFailureAddsNothing() {
        assertThatThrownBy(() -> list.alloc("v", () -> {
            throw new IllegalStateException("no memory");
        })).isInstanceOf(IllegalStateException.class).hasMessage("no memory");
        assertThat(list.size()).isZero();
    }
}
