package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DESIGN.md invariant 9: bad input gets a clear error naming the owner and the rule, and leaves the
 * list exactly as it was. Each test checks type, message and the unchanged list.
 */
class BadInputTest {

    private final RunLog log = new RunLog();
    @RegisterExtension
    final ListInvariants invariants = new ListInvariants();
    private final ResourceList<Dev> list = invariants.track(ResourceList.create(new Dev("dev0"), "dev0"));
    private final ResourceList<Dev> other = ResourceList.create(new Dev("dev1"), "dev1");
    private Handle a;

    @BeforeEach
    void fill() {
        a = list.add("a", log.action("a"));
        Group g = list.openGroup("g");
        list.add("b", log.action("b"));
        g.close();
        list.add("c", log.action("c"));
    }

    /** Runs {@code bad}, checks it throws {@code type} with exactly {@code message}, and that nothing changed. */
    private void refused(ThrowingCallable bad, Class<? extends Throwable> type, String message) {
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(bad).isExactlyInstanceOf(type).hasMessage(message);
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
        assertThat(log.ran()).isEmpty();
    }

    @Test
    void nullNameIsRefused() {
        refused(() -> list.add(null, log.action("x")), NullPointerException.class,
                "add on 'dev0': the name must not be null");
    }

    @Test
    void nullActionIsRefused() {
        refused(() -> list.add("x", (Release<Dev>) null), NullPointerException.class,
                "add on 'dev0': the action must not be null");
        refused(() -> list.add((Release<Dev>) null), NullPointerException.class,
                "add on 'dev0': the action must not be null");
        refused(() -> list.addOrReset("x", (Release<Dev>) null), NullPointerException.class,
                "addOrReset on 'dev0': the action must not be null");
        refused(() -> list.add("x", (DataRelease<Dev, String>) null, "d"), NullPointerException.class,
                "add on 'dev0': the action must not be null");
    }

    @Test
    void nullHandleIsRefused() {
        refused(() -> list.remove((Handle) null), NullPointerException.class,
                "remove on 'dev0': the handle must not be null");
        refused(() -> list.release((Handle) null), NullPointerException.class,
                "release on 'dev0': the handle must not be null");
    }

    @Test
    void nullSupplierAndReasonAreRefused() {
        refused(() -> list.alloc("m", null), NullPointerException.class,
                "alloc on 'dev0': the supplier must not be null");
        refused(() -> list.alloc(null, () -> 1), NullPointerException.class,
                "alloc on 'dev0': the name must not be null");
        refused(() -> list.releaseAll(null), NullPointerException.class,
                "releaseAll on 'dev0': the reason must not be null");
        refused(() -> list.releaseAllAndClose(null), NullPointerException.class,
                "releaseAllAndClose on 'dev0': the reason must not be null");
    }

    @Test
    void nullOwnerOrOwnerNameIsRefused() {
        assertThatThrownBy(() -> ResourceList.create(null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("ResourceList.create: the owner must not be null");
        assertThatThrownBy(() -> ResourceList.create(new Dev("x"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ResourceList.create: the owner name must not be null");
    }

    @Test
    void foreignHandleIsRefusedByRemove() {
        Handle foreign = other.add("f", log.action("f"));
        refused(() -> list.remove(foreign), IllegalArgumentException.class,
                "remove on 'dev0': action 'f' is not on this list — it belongs to another owner ('dev1');"
                        + " remove or release it on the list it was added to");
        assertThat(other.contains(foreign)).isTrue();
    }

    @Test
    void foreignHandleIsRefusedByRelease() {
        Handle foreign = other.add("f", log.action("f"));
        refused(() -> list.release(foreign), IllegalArgumentException.class,
                "release on 'dev0': action 'f' is not on this list — it belongs to another owner ('dev1');"
                        + " remove or release it on the list it was added to");
        assertThat(other.contains(foreign)).isTrue();
        assertThat(list.contains(foreign)).isFalse();
    }

    @Test
    void handleNotMadeByAListIsRefused() {
        Handle fake = new Handle() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public boolean isLive() {
                return true;
            }

            @Override
            public String toString() {
                return "fake handle";
            }
        };
        refused(() -> list.remove(fake), IllegalArgumentException.class,
                "remove on 'dev0': fake handle is not a handle that a resource list returned");
        assertThat(list.contains(fake)).isFalse();
    }

    @Test
    void doubleReleaseIsRefused() {
        list.release(a);
        log.ran(); // 'a' ran once
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(() -> list.release(a)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("release on 'dev0': action 'a' was already released or removed"
                        + " — a resource is released at most once");
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
        assertThat(log.ran()).containsExactly("a");
    }

    @Test
    void aDoubleReleaseOnATracedListNamesTheRegistrationNumber() {
        ResourceList<Dev> traced = ResourceList.create(new Dev("dev2"), "dev2", e -> { });
        traced.add("x", log.action("x"));
        Handle y = traced.add("y", log.action("y"));
        traced.release(y);
        assertThatThrownBy(() -> traced.release(y)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("release on 'dev2': action 'y' (#2) was already released or removed"
                        + " — a resource is released at most once");
        assertThat(traced.names()).containsExactly("x");
    }

    @Test
    void removeAfterReleaseIsRefused() {
        list.release(a);
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(() -> list.remove(a)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("remove on 'dev0': action 'a' was already released or removed"
                        + " — a resource is released at most once");
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
    }

    @Test
    void releaseAfterReleaseAllIsRefused() {
        list.releaseAll("unbind");
        assertThatThrownBy(() -> list.release(a)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'dev0'").hasMessageContaining("already released or removed");
        assertThat(log.ran()).containsExactly("c", "b", "a");
    }

    @Test
    void releaseAfterRemoveIsRefused() {
        list.remove(a);
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(() -> list.release(a)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessageContaining("release on 'dev0'").hasMessageContaining("already released or removed");
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
        assertThat(log.ran()).isEmpty();
    }

    @Test
    void unknownPairIsRefused() {
        DataRelease<Dev, String> act = (o, d) -> log.record(d);
        list.add("p", act, "x");
        refused(() -> list.remove(act, "y"), IllegalArgumentException.class,
                "remove on 'dev0': no action with this (action, data = y) pair is on the list"
                        + " — it was never added here, or it was already released or removed");
        refused(() -> list.release((o, d) -> { }, "x"), IllegalArgumentException.class,
                "release on 'dev0': no action with this (action, data = x) pair is on the list"
                        + " — it was never added here, or it was already released or removed");
        assertThat(list.find(act, "y")).isEmpty();
        assertThat(list.find(act, "x")).isPresent();
    }

    @Test
    void unknownGroupIsRefused() {
        refused(() -> list.releaseGroup("nope"), IllegalArgumentException.class,
                "releaseGroup on 'dev0': no group with id 'nope' is on this list"
                        + " — it was never opened here, or it was already released or removed");
        refused(() -> list.closeGroup("nope"), IllegalArgumentException.class,
                "closeGroup on 'dev0': no group with id 'nope' is on this list"
                        + " — it was never opened here, or it was already released or removed");
        refused(() -> list.removeGroup("nope"), IllegalArgumentException.class,
                "removeGroup on 'dev0': no group with id 'nope' is on this list"
                        + " — it was never opened here, or it was already released or removed");
    }

    @Test
    void noOpenGroupForNullIdIsRefused() {
        refused(() -> list.closeGroup(null), IllegalArgumentException.class,
                "closeGroup on 'dev0': no open group is on this list"
                        + " — it was never opened here, or it was already released or removed");
        refused(() -> list.releaseGroup(null), IllegalArgumentException.class,
                "releaseGroup on 'dev0': no open group is on this list"
                        + " — it was never opened here, or it was already released or removed");
    }

    @Test
    void foreignGroupIsRefused() {
        Group foreign = other.openGroup();
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(() -> list.releaseGroup(foreign)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("releaseGroup on 'dev0': no group @")
                .hasMessageContaining("is on this list");
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
        assertThat(foreign.isOpen()).isTrue();
    }

    @Test
    void groupClosedTwiceIsRefused() {
        refused(() -> list.closeGroup("g"), IllegalStateException.class,
                "closeGroup on 'dev0': group g is already closed — a group is closed once");
    }

    @Test
    void releasedGroupIsRefusedAfterwards() {
        Group g = list.openGroup("h");
        g.release();
        refused(g::release, IllegalArgumentException.class,
                "releaseGroup on 'dev0': no group h is on this list"
                        + " — it was never opened here, or it was already released or removed");
        refused(g::close, IllegalArgumentException.class,
                "closeGroup on 'dev0': no group h is on this list"
                        + " — it was never opened here, or it was already released or removed");
    }

    @Test
    void zeroSizeBufferIsRefused() {
        refused(() -> list.allocBytes("buf", 0), IllegalArgumentException.class,
                "allocBytes('buf') on 'dev0': size 0 refused — a managed buffer must be at least 1 byte"
                        + " (a zero-size allocation has nothing to manage)");
    }

    @Test
    void negativeSizeBufferIsRefused() {
        refused(() -> list.allocBytes("buf", -5), IllegalArgumentException.class,
                "allocBytes('buf') on 'dev0': size -5 refused — a managed buffer must be at least 1 byte"
                        + " (a zero-size allocation has nothing to manage)");
    }

    @Test
    void tooLargeBufferIsRefused() {
        long size = ResourceList.MAX_BUFFER + 1;
        refused(() -> list.allocBytes("buf", size), IllegalArgumentException.class,
                "allocBytes('buf') on 'dev0': size " + size + " exceeds the largest buffer, "
                        + ResourceList.MAX_BUFFER + " bytes");
    }

    @Test
    void zeroOrNegativeArrayCountIsRefused() {
        refused(() -> list.allocArray("arr", 0, 8), IllegalArgumentException.class,
                "allocArray('arr') on 'dev0': count 0 and element size 8 must both be at least 1");
        refused(() -> list.allocArray("arr", 4, -1), IllegalArgumentException.class,
                "allocArray('arr') on 'dev0': count 4 and element size -1 must both be at least 1");
    }

    @Test
    void overflowingArrayIsRefused() {
        refused(() -> list.allocArray("arr", Long.MAX_VALUE / 2, 3), IllegalArgumentException.class,
                "allocArray('arr') on 'dev0': " + Long.MAX_VALUE / 2 + " × 3 bytes overflows"
                        + " (the kmalloc_array overflow check)");
    }

    @Test
    void arrayOverMaxBufferIsRefused() {
        refused(() -> list.allocArray("arr", 1L << 20, 1L << 12), IllegalArgumentException.class,
                "allocArray('arr') on 'dev0': 1048576 × 4096 = 4294967296 bytes exceeds the largest buffer, "
                        + ResourceList.MAX_BUFFER + " bytes");
    }

    @Test
    void aHandleReleasedOnAnotherListIsForeignNotADoubleRelease() {
        Handle foreign = other.add("f", log.action("f"));
        other.releaseAll("unbind");
        Fixtures.Snapshot before = Fixtures.snapshot(list);
        assertThatThrownBy(() -> list.remove(foreign)).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("remove on 'dev0': action 'f' is not on this list — it belongs to another owner ('dev1');"
                        + " remove or release it on the list it was added to");
        assertThatThrownBy(() -> other.remove(foreign)).isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage("remove on 'dev1': action 'f' was already released or removed — a resource is released at most once");
        assertThat(Fixtures.snapshot(list)).isEqualTo(before);
        assertThat(log.ran()).containsExactly("f");
    }
}
