package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tracked gate refuses to wait for its caller's own sections, and otherwise behaves as a gate. */
@Timeout(30)
class TrackedGateTest {

    private final Gate gate = Gate.createTracked("card0");

    @Test
    void shutFromInsideOwnSectionIsRefusedAndLeavesTheGateOpen() {
        try (Gate.Section s = gate.enter()) {
            assertThat(s.entered()).isTrue();
            assertThat(gate.heldByCurrentThread()).isEqualTo(1);
            assertThatThrownBy(gate::shut).isExactlyInstanceOf(IllegalStateException.class)
                    .hasMessage("shut of gate 'card0' refused: the calling thread is inside 1 of its section(s) and would wait for itself for ever; exit first (the gate is unchanged)");
            assertThatThrownBy(() -> gate.shut(Duration.ofSeconds(1))).isExactlyInstanceOf(IllegalStateException.class);
            assertThat(gate.isShut()).isFalse();
        }
        assertThat(gate.heldByCurrentThread()).isZero();
        gate.shut();
        assertThat(gate.isShut()).isTrue();
        assertThat(gate.enter().entered()).isFalse();
    }

    @Test
    void tokenFormCountsPerThreadAndNests() {
        int a = gate.tryEnter();
        int b = gate.tryEnter();
        assertThat(gate.heldByCurrentThread()).isEqualTo(2);
        assertThat(gate).hasToString("Gate 'card0' (open, 2 inside) (tracked)");
        gate.exit(b);
        gate.exit(a);
        assertThat(gate.heldByCurrentThread()).isZero();
        assertThat(gate.inside()).isZero();
    }

    @Test
    void exitOnAThreadThatHoldsNoSectionIsRefusedAndTheReaderStaysCounted() throws Exception {
        int token = gate.tryEnter();
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                gate.exit(token);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(other.get(10, TimeUnit.SECONDS)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gate 'card0'").hasMessageContaining("exited on the thread that entered it");
        assertThat(gate.inside()).isEqualTo(1);
        gate.exit(token);
        assertThat(gate.inside()).isZero();
    }

    @Test
    void aSectionClosedOnAnotherThreadOrTwiceIsRefusedAndChangesNothing() throws Exception {
        Gate.Section s = gate.enter();
        CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
            try {
                s.close();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(other.get(10, TimeUnit.SECONDS)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("close of a section of gate 'card0' refused: it was entered on thread '" + Thread.currentThread().getName() + "'");
        assertThat(gate.inside()).isEqualTo(1);
        assertThat(gate.heldByCurrentThread()).isEqualTo(1);
        s.close();
        assertThat(gate.inside()).isZero();
        assertThat(gate.heldByCurrentThread()).isZero();
        assertThatThrownBy(s::close).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("close of a section of gate 'card0' refused: it was already closed — a section is exited once");
        assertThat(gate.inside()).isZero();
        assertThat(gate.heldByCurrentThread()).isZero();
    }

    @Test
    void sectionsAndTokensShareTheThreadsCountInAnyNesting() {
        Gate.Section outer = gate.enter();
        int token = gate.tryEnter();
        Gate.Section inner = gate.enter();
        assertThat(gate.heldByCurrentThread()).isEqualTo(3);
        gate.exit(token); // out of order: the count is per thread, not a stack
        assertThat(gate.heldByCurrentThread()).isEqualTo(2);
        outer.close();
        assertThat(gate.heldByCurrentThread()).isEqualTo(1);
        assertThatThrownBy(gate::shut).isExactlyInstanceOf(IllegalStateException.class).hasMessageContaining("inside 1 of its section(s)");
        inner.close();
        assertThat(gate.heldByCurrentThread()).isZero();
        assertThat(gate.inside()).isZero();
        gate.shut();
        assertThat(gate.isShut()).isTrue();
    }

    @Test
    void anotherThreadShutsAndWaitsForTheReader() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (Gate.Section s = gate.enter()) {
                entered.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();
        entered.await();
        assertThat(gate.shut(Duration.ofMillis(20))).isFalse();
        release.countDown();
        gate.shut();
        assertThat(gate.inside()).isZero();
        reader.join();
    }

    @Test
    void exitWithAnotherThreadsTokenWhileHoldingOnesOwnIsRefusedAndChangesNothing() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] othersToken = new int[1];
        Thread other = new Thread(() -> {
            othersToken[0] = gate.tryEnter();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.exit(othersToken[0]);
        }, "other-reader");
        other.start();
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        int mine = gate.tryEnter();
        assertThat(mine).isNotEqualTo(othersToken[0]);
        assertThatThrownBy(() -> gate.exit(othersToken[0])).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("exit on gate 'card0' refused: token " + othersToken[0] + " is a section of thread 'other-reader', not of the"
                        + " calling thread — a section of a tracked gate is exited on the thread that entered it (nothing changed)");
        assertThat(gate.inside()).isEqualTo(2);
        assertThat(gate.heldByCurrentThread()).isEqualTo(1);
        release.countDown();
        other.join(10_000);
        gate.exit(mine);
        assertThat(gate.inside()).isZero();
    }

    @Test
    void aTokenTheGateNeverHandedOutIsRefused() {
        int token = gate.tryEnter();
        for (int bad : new int[] {-1, Gate.REFUSED, 1_000_000}) {
            assertThatThrownBy(() -> gate.exit(bad)).isExactlyInstanceOf(IllegalArgumentException.class)
                    .hasMessage("exit on gate 'card0': token " + bad + " was not returned by tryEnter (a refused enter has nothing to exit)");
        }
        assertThat(gate.inside()).isEqualTo(1);
        gate.exit(token);
        assertThatThrownBy(() -> gate.exit(token)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("exit on gate 'card0' refused: the calling thread holds none of its sections — a section of a tracked gate"
                        + " is exited on the thread that entered it");
        assertThat(gate.inside()).isZero();
    }

    @Test
    void askingForTheCountRegistersNothingAndARefusedEnterTouchesNoCell() {
        TrackedGate tracked = (TrackedGate) gate;
        assertThat(gate.heldByCurrentThread()).isZero();
        assertThat(tracked.registeredCells()).isZero();
        gate.shut();
        assertThat(gate.tryEnter()).isEqualTo(Gate.REFUSED);
        assertThat(gate.enter().entered()).isFalse();
        assertThat(tracked.registeredCells()).as("a refused reader reads the flag before looking for its cell").isZero();
    }

    @Test
    void anUntrackedGateSaysItDoesNotTrack() {
        Gate plain = Gate.create("plain");
        assertThatThrownBy(plain::heldByCurrentThread).isExactlyInstanceOf(UnsupportedOperationException.class)
                .hasMessage("gate 'plain' does not count sections per thread; create it with Gate.createTracked");
    }
}
