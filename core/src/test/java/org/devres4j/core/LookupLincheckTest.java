package org.devres4j.core;

import org.devres4j.core.Fixtures.Dev;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck for the lookups that run their match function outside the list lock and then act (issue 11):
 * findOrAdd (devres_get: adds only if nothing matches, atomically) and removeMatch (devres_remove),
 * racing lock-free adds that move the head and whole-list releases — all linearizable, and never two
 * resources of one key. One key and few operations, so that the interleavings that matter are explored
 * (with the re-check before the add removed, this test fails).
 */
@Param(name = "key", gen = IntGen.class, conf = "0:0")
public class LookupLincheckTest {

    private static final DataRelease<Dev, Integer> ACTION = (owner, key) -> { };
    /** Another action: its adds move the head under a lookup without ever matching it. */
    private static final DataRelease<Dev, Integer> OTHER = (owner, key) -> { };

    private final ResourceList<Dev> list = ResourceList.create(new Dev("lin"), "lin-dev");

    /** A lock-free add that races the lookups: the head moves, the match does not change. */
    @Operation
    public void addOther(@Param(name = "key") int key) {
        list.add("other", OTHER, Integer.valueOf(key)); // small Integers are cached: one object per key
    }

    /** devres_get: the data of the resource found, or of the one added. */
    @Operation
    public int findOrAdd(@Param(name = "key") int key) {
        return list.findOrAdd("k", ACTION, Integer.valueOf(key), k -> k.intValue() == key);
    }

    @Operation
    public boolean removeMatch(@Param(name = "key") int key) {
        return list.removeMatch(ACTION, k -> k.intValue() == key).isPresent();
    }

    @Operation
    public int releaseAll() {
        return list.releaseAll("unbind");
    }

    /** devres_get's promise: only findOrAdd adds with ACTION, so no key is ever on the list twice. */
    @org.jetbrains.lincheck.datastructures.Validate
    public void eachKeyIsOnTheListAtMostOnce() {
        for (int key = 0; key <= 1; key++) {
            int k = key;
            if (list.removeMatch(ACTION, d -> d.intValue() == k).isPresent() && list.findMatch(ACTION, d -> d.intValue() == k).isPresent()) {
                throw new IllegalStateException("key " + key + " was added twice by findOrAdd");
            }
        }
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(10).invocationsPerIteration(40).threads(2).actorsPerThread(3)
                .check(getClass());
    }
}
