package org.devres4j.core;

import org.devres4j.core.Fixtures.Dev;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck: every ResourceList operation is linearizable — concurrent lock-free adds (by handle and by
 * pair), removals and releases by handle and by pair, group operations, releaseAll and the final
 * releaseAllAndClose behave as some sequential order of them. Actions are
 * no-ops here (their exactly-once run is checked by ConcurrencyStressTest); what is checked is the
 * list's state and each operation's answer. Kept small so the module's tests stay fast.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:2")
public class ResourceListLincheckTest {

    private static final Integer[] KEYS = {0, 1, 2};
    private static final String[] NAMES = {"k0", "k1", "k2"};
    private static final String[] GROUP_IDS = {"g0", "g1", "g2"};
    private static final DataRelease<Dev, Integer> ACTION = (owner, key) -> { };

    private static final Release<Dev> NOOP = Release.named("h", owner -> { });

    private final ResourceList<Dev> list = ResourceList.create(new Dev("lin"), "lin-dev");
    /** The handle of the newest handle-based add per key: the Java path (add returns a handle). */
    private final java.util.concurrent.atomic.AtomicReferenceArray<Handle> handles =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(3);

    /** The lock-free push: an add by handle (and a refused add once the list is closed for good). */
    @Operation
    public String addHandle(@Param(name = "key") int key) {
        try {
            handles.set(key, list.add(NOOP));
            return "added";
        } catch (ListClosedException closed) {
            return "closed";
        }
    }

    @Operation
    public String removeHandle(@Param(name = "key") int key) {
        Handle h = handles.get(key);
        if (h == null) {
            return "none";
        }
        try {
            list.remove(h);
            return "removed";
        } catch (IllegalStateException gone) {
            return "gone";
        }
    }

    @Operation
    public String releaseHandle(@Param(name = "key") int key) {
        Handle h = handles.get(key);
        if (h == null) {
            return "none";
        }
        try {
            list.release(h);
            return "released";
        } catch (IllegalStateException gone) {
            return "gone";
        }
    }

    @Operation
    public String releaseAllAndClose() {
        try {
            return "released " + list.releaseAllAndClose("last put");
        } catch (IllegalStateException closedBefore) {
            return "already closed";
        }
    }

    @Operation
    public String add(@Param(name = "key") int key) {
        try {
            list.add(NAMES[key], ACTION, KEYS[key]);
            return "added";
        } catch (ListClosedException closed) {
            return "closed";
        }
    }

    @Operation
    public boolean release(@Param(name = "key") int key) {
        try {
            list.release(ACTION, KEYS[key]);
            return true;
        } catch (IllegalArgumentException notThere) {
            return false;
        }
    }

    @Operation
    public boolean remove(@Param(name = "key") int key) {
        try {
            list.remove(ACTION, KEYS[key]);
            return true;
        } catch (IllegalArgumentException notThere) {
            return false;
        }
    }

    @Operation
    public boolean find(@Param(name = "key") int key) {
        return list.find(ACTION, KEYS[key]).isPresent();
    }

    /** Opened with a fixed id: an id-less group's name carries an identity hash, which differs between runs. */
    @Operation
    public String openGroup(@Param(name = "key") int key) {
        try {
            list.openGroup(GROUP_IDS[key]);
            return "opened";
        } catch (ListClosedException closed) {
            return "closed";
        }
    }

    @Operation
    public String closeGroup() {
        try {
            list.closeGroup(null);
            return "closed";
        } catch (IllegalArgumentException noOpenGroup) {
            return "none";
        }
    }

    @Operation
    public int releaseGroup() {
        try {
            return list.releaseGroup(null);
        } catch (IllegalArgumentException noOpenGroup) {
            return -1;
        }
    }

    @Operation
    public int releaseAll() {
        return list.releaseAll("unbind");
    }

    /** @return every entry with its kind and registration number, oldest first (no streams: cheap to instrument) */
    @Operation
    public String contents() {
        return list.leakReport().toString();
    }

    @Operation
    public int size() {
        return list.size();
    }

    @Test
    void modelChecking() {
        // small on purpose: each invocation replays a whole scenario under Lincheck's instrumentation
        new ModelCheckingOptions().iterations(8).invocationsPerIteration(50).threads(2).actorsPerThread(3)
                .check(getClass());
    }
}
