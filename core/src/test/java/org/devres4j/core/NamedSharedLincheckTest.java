package org.devres4j.core;

import java.util.concurrent.atomic.AtomicInteger;
import org.devres4j.core.Fixtures.Dev;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck for KUnit's named and shared resources (issue 11): addNamed refuses a name that is taken
 * (EEXIST) and frees it again at destroyNamed / releaseNamed / a whole-list release; a shared resource's
 * get and put race the list dropping its own reference, and its free runs at the last put — all
 * linearizable. One name, so that the adds collide. (Lincheck compares with sequential runs of the same
 * code, so the EEXIST rule itself is pinned by LookupFamilyTest; here the concurrent paths are.)
 */
@Param(name = "key", gen = IntGen.class, conf = "0:0")
public class NamedSharedLincheckTest {

    private static final Release<Dev> NOOP = Release.named("n", owner -> { });

    private final ResourceList<Dev> list = ResourceList.create(new Dev("lin"), "lin-dev");
    /** Freed at its last put: the list holds one reference until its release. */
    private final AtomicInteger frees = new AtomicInteger();
    private final SharedResource<Integer> shared = list.addShared("shared", 7, v -> frees.incrementAndGet());

    @Operation
    public String addNamed(@Param(name = "key") int key) {
        try {
            list.addNamed("k" + key, NOOP);
            return "added";
        } catch (ResourceExistsException taken) {
            return "exists";
        }
    }

    @Operation
    public boolean destroyNamed(@Param(name = "key") int key) {
        return list.destroyNamed("k" + key);
    }

    @Operation
    public boolean releaseNamed(@Param(name = "key") int key) {
        return list.releaseNamed("k" + key);
    }

    @Operation
    public boolean sharedTryGet() {
        return shared.tryGet();
    }

    @Operation
    public String sharedPut() {
        try {
            return shared.put() ? "freed " + frees.get() : "held";
        } catch (IllegalReferenceCountException gone) {
            return "refused";
        }
    }

    @Operation
    public int releaseAll() {
        return list.releaseAll("unbind");
    }

    @Test
    void modelChecking() {
        new ModelCheckingOptions().iterations(6).invocationsPerIteration(40).threads(2).actorsPerThread(3)
                .check(getClass());
    }
}
