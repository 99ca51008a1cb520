package org.devres4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.devres4j.core.Fixtures.Dev;
import org.devres4j.core.Fixtures.RunLog;
import org.junit.jupiter.api.Test;

/**
 * The driver's view ({@link ManagedResources}) of an owner's list and the admission policy given at
 * construction: one object, two views, no forwarding copy.
 */
class ManagedResourcesTest {

    private final RunLog log = new RunLog();
    /** Refuses adds while false, like strict devres on an unbound device. */
    private final AtomicBoolean bound = new AtomicBoolean(true);
    private final ResourceList<Dev> list = ResourceList.builder(new Dev("dev0"), "dev0")
            .admission((Dev owner, String op) -> bound.get() ? null
                    : new IllegalStateException(op + " on '" + owner.name() + "' refused: not bound"))
            .create();
    /** What a driver is handed: the same list, seen through the narrow interface. */
    private final ManagedResources<Dev> front = list;

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
        assertThat(list.releaseAll("unbind")).isEqualTo(2);
        assertThat(log.ran()).containsExactly("b", "a");
        assertThat(v.isLive()).isFalse();
        assertThat(front.isEmpty()).isTrue();
    }

    @Test
    void aRefusedAddAddsNothingAndNamesTheRule() {
        front.add("a", log.action("a"));
        bound.set(false);
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
        bound.set(false);
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
        bound.set(false);
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
    void theDriversViewHasNoWholeListOperations() {
        assertThat(ManagedResources.class.getMethods()).extracting(java.lang.reflect.Method::getName)
                .doesNotContain("releaseAll", "releaseAllAndClose", "leakReport");
        assertThat(front.owner()).isEqualTo(new Dev("dev0"));
        assertThat(front.ownerName()).isEqualTo("dev0");
    }

    @Test
    void aPolicyThatThrowsRefusesTheAddAndAddOrResetStillRunsTheAction() {
        ResourceList<Dev> throwing = ResourceList.builder(new Dev("dev1"), "dev1")
                .admission((owner, op) -> {
                    throw new IllegalStateException("policy broke on " + op);
                }).create();
        assertThatThrownBy(() -> throwing.add("a", log.action("a"))).hasMessage("policy broke on add of 'a'");
        assertThatThrownBy(() -> throwing.addOrReset("b", log.action("b"))).hasMessage("policy broke on addOrReset of 'b'");
        assertThat(log.ran()).containsExactly("b");
        assertThat(throwing.isEmpty()).isTrue();
    }

    @Test
    void aNullOwnerOrNameIsRefusedByTheBuilder() {
        assertThatThrownBy(() -> ResourceList.builder(null, "x")).isInstanceOf(NullPointerException.class)
                .hasMessage("ResourceList.create: the owner must not be null");
        assertThatThrownBy(() -> ResourceList.builder(new Dev("x"), null)).isInstanceOf(NullPointerException.class)
                .hasMessage("ResourceList.create: the owner name must not be null");
    }

    @Test
    void aNullNameIsRefusedBeforeTheAdmissionCheckAndBeforeAnythingRuns() {
        bound.set(false);
        assertThatThrownBy(() -> front.addOrReset(null, log.action("irq"))).isInstanceOf(NullPointerException.class)
                .hasMessage("addOrReset on 'dev0': the name must not be null");
        assertThatThrownBy(() -> front.add(null, log.action("x"))).isInstanceOf(NullPointerException.class)
                .hasMessage("add on 'dev0': the name must not be null");
        assertThat(log.ran()).as("nothing ran for a refused bad input").isEmpty();
        assertThat(list.isEmpty()).isTrue();
    }
}
