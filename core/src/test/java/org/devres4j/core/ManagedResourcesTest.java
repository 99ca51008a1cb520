package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;

/** The typed front-end base: delegation to the owner's list and the admission hook. */
class ManagedResourcesTest {

    /** A front-end that refuses adds while {@code gate} is false, like strict devres on an unbound device. */
    static final class StrictFront extends ManagedResources<Dev> {
        final AtomicBoolean bound = new AtomicBoolean(true);

        StrictFront(ResourceList<Dev> list) {
            super(list);
        }

        @Override
        protected RuntimeException admit(String op) {
            return bound.get() ? null
                    : new IllegalStateException(op + " on '" + ownerName() + "' refused: not bound");
        }

        int releaseAllForTest(String why) {
            return list().releaseAll(why);
        }
    }

    private final RunLog log = new RunLog();
    private final ResourceList<Dev> list = ResourceList.create(new Dev("dev0"), "dev0");
    private final StrictFront front = new StrictFront(list);

    @Test
    void everyAddGoesToTheOwnersListAndTheOwnerReleasesItLifo() {
        front.add("a", log.action("a"));
        Managed<String> v = front.alloc("v", () -> "value");
        front.openGroup("g");
        front.add("b", log.action("b"));
        assertThat(list.names()).containsExactly("a", "v", "b");
        assertThat(front.names()).isEqualTo(list.names());
        assertThat(front.size()).isEqualTo(3);
        assertThat(front.releaseGroup("g")).isEqualTo(1);
        assertThat(front.releaseAllForTest("unbind")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("b", "a");
        assertThat(v.isLive()).isFalse();
        assertThat(front.isEmpty()).isTrue();
    }

    @Test
    void aRefusedAddAddsNothingAndNamesTheRule() {
        front.add("a", log.action("a"));
        front.bound.set(false);
        assertThatThrownBy(() -> front.add("b", log.action("b")))
                .isInstanceOf(IllegalStateException.class).hasMessage("add of 'b' on 'dev0' refused: not bound");
        assertThatThrownBy(() -> front.alloc("v", () -> 1))
                .hasMessage("alloc of 'v' on 'dev0' refused: not bound");
        assertThatThrownBy(() -> front.allocBytes("buf", 8))
                .hasMessage("allocBytes of 'buf' on 'dev0' refused: not bound");
        assertThatThrownBy(front::openGroup).hasMessage("openGroup on 'dev0' refused: not bound");
        assertThat(list.names()).containsExactly("a");
        assertThat(log.ran()).isEmpty();
    }

    @Test
    void aRefusedAddOrResetRunsTheActionAtOnceThenThrows() {
        front.bound.set(false);
        assertThatThrownBy(() -> front.addOrReset("irq", log.action("irq")))
                .hasMessage("addOrReset of 'irq' on 'dev0' refused: not bound");
        Object data = new Object();
        DataRelease<Dev, Object> pair = (owner, d) -> log.record("pair:" + (d == data));
        assertThatThrownBy(() -> front.addOrReset("p", pair, data)).isInstanceOf(IllegalStateException.class);
        assertThat(log.ran()).containsExactly("irq", "pair:true");
        assertThat(list.isEmpty()).isTrue();
    }

    @Test
    void aFailureOfTheResetActionIsAttachedAsSuppressed() {
        front.bound.set(false);
        assertThatThrownBy(() -> front.addOrReset("bad", owner -> {
            throw new IllegalArgumentException("boom");
        })).hasMessage("addOrReset of 'bad' on 'dev0' refused: not bound")
                .satisfies(e -> assertThat(e.getSuppressed()).extracting(Throwable::getMessage).containsExactly("boom"));
    }

    @Test
    void pairFormsFindRemoveAndReleaseByIdentity() {
        Object data = new Object();
        DataRelease<Dev, Object> pair = (owner, d) -> log.record("pair");
        Handle h = front.add("p", pair, data);
        assertThat(front.find(pair, data)).contains(h);
        assertThat(front.contains(h)).isTrue();
        front.release(pair, data);
        assertThat(log.ran()).containsExactly("pair");
        assertThat(front.contains(h)).isFalse();
        front.add("p2", pair, data);
        front.remove(pair, data);
        assertThat(log.ran()).containsExactly("pair");
    }

    @Test
    void aNullListIsRefused() {
        assertThatThrownBy(() -> new StrictFront(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ManagedResources: the list must not be null");
    }

    @Test
    void aNullNameIsRefusedBeforeTheAdmissionCheckAndBeforeAnythingRuns() {
        front.bound.set(false);
        assertThatThrownBy(() -> front.addOrReset(null, log.action("irq"))).isInstanceOf(NullPointerException.class)
                .hasMessage("addOrReset on 'dev0': the name must not be null");
        assertThatThrownBy(() -> front.add(null, log.action("x"))).isInstanceOf(NullPointerException.class)
                .hasMessage("add on 'dev0': the name must not be null");
        assertThat(log.ran()).as("nothing ran for a refused bad input").isEmpty();
        assertThat(list.isEmpty()).isTrue();
    }
}
