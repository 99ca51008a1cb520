package org.devres4j.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.devres4j.core.DataRelease;
import org.devres4j.core.ResourceExistsException;
import org.devres4j.driver.TestDrivers.Log;
import org.junit.jupiter.api.Test;

/**
 * The devres lookup family on a {@link Device}'s list, as {@code drivers/base/devres.c} documents it
 * ({@code devres_find}, {@code devres_get}, {@code devres_remove}, {@code devres_destroy},
 * {@code devres_release}) and KUnit's named resources with their {@code -EEXIST}: called from a driver's
 * probe on its binding's list, and what the unbind's release then does with what the lookups left.
 */
class DevresLookupParityTest {

    /** A per-device record found by match (as a driver's {@code struct foo_devres}). */
    record Table(String id, List<String> entries) {
        Table(String id) {
            this(id, new ArrayList<>());
        }
    }

    private final Bus bus = new Bus("platform");
    private final Log log = new Log();
    private final DataRelease<Device, Table> tableRelease = (dev, t) -> log.add("rel table " + t.id());
    private final DataRelease<Device, Table> otherRelease = (dev, t) -> log.add("rel other " + t.id());

    /** Plugs gpu0 and binds a driver whose probe runs {@code probe} on the binding's devres list. */
    private Device bound(TestDrivers.Step probe) {
        bus.registerDriver(TestDrivers.driver("gpu", probe, b -> log.add("remove")));
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThat(dev.isBound()).as("the probe succeeded").isTrue();
        return dev;
    }

    @Test
    void findReturnsTheNewestMatchOfThatReleaseOnlyAndLeavesItOnTheList() {
        AtomicReference<Optional<Table>> found = new AtomicReference<>();
        AtomicReference<Optional<Table>> any = new AtomicReference<>();
        AtomicReference<Optional<Table>> ofOther = new AtomicReference<>();
        Device dev = bound(b -> {
            b.devres().add("table a", tableRelease, new Table("a"));
            b.devres().add("table b", tableRelease, new Table("b"));
            b.devres().add("other c", otherRelease, new Table("c"));
            found.set(b.devres().findMatch(tableRelease, t -> t.id().equals("a")));
            any.set(b.devres().findMatch(tableRelease, null));              // a NULL match accepts any: the newest
            ofOther.set(b.devres().findMatch(otherRelease, t -> t.id().equals("a")));   // release must match too
        });
        assertThat(found.get()).map(Table::id).contains("a");
        assertThat(any.get()).map(Table::id).as("newest first").contains("b");
        assertThat(ofOther.get()).as("a resource of another release function is never found").isEmpty();
        assertThat(dev.devres().size()).as("devres_find takes nothing off the list").isEqualTo(3);

        dev.unbind();
        assertThat(log.snapshot()).containsExactly("remove", "rel other c", "rel table b", "rel table a");
    }

    @Test
    void getAddsTheNewResourceOnlyIfNoneMatchesAndTheUnbindReleasesItOnce() {
        List<Table> got = new ArrayList<>();
        Table first = new Table("t");
        Table second = new Table("t");
        Device dev = bound(b -> {
            got.add(b.devres().findOrAdd("table", tableRelease, first, t -> t.id().equals("t")));
            got.add(b.devres().findOrAdd("table", tableRelease, second, t -> t.id().equals("t")));
            got.get(0).entries().add("bar0");
            got.get(1).entries().add("bar2");   // the helper's second call adds to the one table
        });
        assertThat(got.get(0)).as("none matched: the new resource was added").isSameAs(first);
        assertThat(got.get(1)).as("one matched: devres_get returns it, the new one is not added").isSameAs(first);
        assertThat(first.entries()).containsExactly("bar0", "bar2");
        assertThat(second.entries()).isEmpty();
        assertThat(dev.devres().size()).isEqualTo(1);

        dev.unbind();
        assertThat(log.snapshot()).containsExactly("remove", "rel table t");
        assertThat(dev.devres().findMatch(tableRelease, null)).as("the next binding starts from an empty list").isEmpty();
    }

    @Test
    void removeHandsTheDataBackUnreleasedAndTheUnbindNeverRunsIt() {
        AtomicReference<Optional<Table>> removed = new AtomicReference<>();
        AtomicReference<Optional<Table>> again = new AtomicReference<>();
        Device dev = bound(b -> {
            b.devres().add("table a", tableRelease, new Table("a"));
            removed.set(b.devres().removeMatch(tableRelease, null));
            again.set(b.devres().removeMatch(tableRelease, null));
        });
        assertThat(removed.get()).map(Table::id).contains("a");
        assertThat(again.get()).as("nothing left to match: -ENOENT, nothing changes").isEmpty();
        dev.unbind();
        assertThat(log.snapshot()).as("the caller owns what devres_remove handed back").containsExactly("remove");
    }

    @Test
    void destroyDropsWithoutReleasingAndReleaseRunsTheReleaseNowBothNewestFirst() {
        List<Boolean> results = new ArrayList<>();
        Device dev = bound(b -> {
            b.devres().add("table a", tableRelease, new Table("a"));
            b.devres().add("table b", tableRelease, new Table("b"));
            b.devres().add("table c", tableRelease, new Table("c"));
            results.add(b.devres().destroyMatch(tableRelease, null));                     // c: dropped, not run
            results.add(b.devres().releaseMatch(tableRelease, t -> !t.id().equals("x")));  // b: run now
            results.add(b.devres().destroyMatch(tableRelease, t -> t.id().equals("x")));   // -ENOENT
            results.add(b.devres().releaseMatch(otherRelease, null));                     // -ENOENT
            log.add("probe done");
        });
        assertThat(results).containsExactly(true, true, false, false);
        dev.unbind();
        assertThat(log.snapshot()).containsExactly("rel table b", "probe done", "remove", "rel table a");
    }

    @Test
    void aNamedResourceTakenIsRefusedWithEexistAndTheListIsUnchanged() {
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Device dev = bound(b -> {
            b.devres().addNamed("tile0", log.action("named tile0"));
            b.devres().add("tile0", log.action("plain tile0"));   // a plain add of that name does not count
            try {
                b.devres().addNamed("tile0", log.action("second tile0"));
            } catch (ResourceExistsException e) {
                refused.set(e);
            }
        });
        assertThat(refused.get()).isInstanceOf(ResourceExistsException.class)
                .hasMessageContaining("addNamed of 'tile0' to 'gpu0' refused: a named resource 'tile0' is already on "
                        + "the list (EEXIST)");
        assertThat(dev.devres().size()).as("nothing added by the refused call").isEqualTo(2);
        assertThat(dev.devres().findNamed("tile0")).isPresent();

        assertThat(dev.devres().releaseNamed("tile0")).isTrue();
        assertThat(dev.devres().findNamed("tile0")).as("the name is free again").isEmpty();
        assertThat(dev.devres().releaseNamed("tile0")).as("-ENOENT").isFalse();
        dev.unbind();
        assertThat(log.snapshot()).containsExactly("rel named tile0", "remove", "rel plain tile0");
    }

    @Test
    void aNullReleaseIsRefusedNamingTheDevice() {
        Device dev = bus.newDevice("gpu0");
        dev.add();
        assertThatThrownBy(() -> dev.devres().findMatch(null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("gpu0");
        assertThat(dev.devres().size()).isZero();
    }
}
