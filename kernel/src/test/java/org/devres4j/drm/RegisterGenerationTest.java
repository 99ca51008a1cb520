package org.devres4j.drm;

import org.devres4j.uapi.Errno;
import org.devres4j.uapi.ErrnoException;
import org.devres4j.uapi.Namespace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.devres4j.driver.Bus;
import org.devres4j.driver.Device;
import org.junit.jupiter.api.Test;

/**
 * Registration races: register calls the namespace without the device's lock, so a concurrent unregister
 * wins over a registration in progress; and a register that already lost to an unregister cannot tear down
 * the newer registration that followed it (each registration has a generation; only its own can record or
 * withdraw names).
 */
class RegisterGenerationTest {

    /** Runs a hook on another thread (joined) just before the n-th publish. */
    static final class HookedNamespace extends ForwardingNamespace {
        volatile Runnable beforeSecond;
        private int publishes;

        HookedNamespace() {
            super("h");
        }

        @Override
        public void publish(String path, String owner) {
            if (++publishes == 2 && beforeSecond != null) {
                Runnable r = beforeSecond;
                beforeSecond = null;
                Thread t = new Thread(r, "register-B");
                t.start();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            inner.publish(path, owner);
        }
    }

    @Test
    void aRegisterThatLostDoesNotWithdrawTheNewerRegistrationsNames() {
        HookedNamespace ns = new HookedNamespace();
        Bus bus = new Bus("b", ns);
        Device parent = bus.newDevice("gpu0");
        parent.add();
        DrmDriver drv = DrmDriver.builder("plain").features(DrmFeature.MODESET).build();
        DrmDevice d = DrmDevice.alloc(drv, parent, dd -> "container");
        AtomicReference<Boolean> bUnregistered = new AtomicReference<>();
        AtomicReference<Throwable> bFailed = new AtomicReference<>();
        AtomicReference<List<String>> bPaths = new AtomicReference<>();
        ns.beforeSecond = () -> { // between A's first and second publish
            try {
                bUnregistered.set(d.unregister());
                d.register();
                bPaths.set(ns.paths());
            } catch (Throwable t) {
                bFailed.set(t);
            }
        };

        // A's second publish collides with B's name: A lost, and says so
        assertThatThrownBy(d::register).isInstanceOf(ErrnoException.class)
                .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EEXIST));

        assertThat(bFailed.get()).as("B's unregister + register succeeded").isNull();
        assertThat(bUnregistered.get()).as("B's unregister won over A's registration").isTrue();
        assertThat(bPaths.get()).as("B published every name: node, sysfs, class, debugfs name").hasSize(4);
        assertThat(d.isRegistered()).as("B's registration survives A's failure").isTrue();
        assertThat(ns.paths()).as("A withdrew none of B's names").isEqualTo(bPaths.get());

        assertThat(d.unregister()).isTrue();
        assertThat(ns.paths()).isEmpty();
    }

    /** A namespace that runs a hook on another thread inside its first publish, and waits for it. */
    private static final class FirstPublishHookNamespace extends ForwardingNamespace {
        volatile Runnable onFirstPublish;
        final AtomicBoolean hookFinished = new AtomicBoolean();
        volatile boolean finishedDuringPublish;

        FirstPublishHookNamespace() {
            super("hooked");
        }

        @Override
        public void publish(String path, String owner) {
            inner.publish(path, owner);
            Runnable hook = onFirstPublish;
            if (hook != null) {
                onFirstPublish = null;
                Thread t = new Thread(() -> {
                    hook.run();
                    hookFinished.set(true);
                }, "namespace-hook");
                t.setDaemon(true);
                t.start();
                try {
                    t.join(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                finishedDuringPublish = hookFinished.get();
            }
        }
    }

    @Test
    void registerCallsTheNamespaceWithoutTheDeviceLockAndAConcurrentUnregisterWins() {
        FirstPublishHookNamespace ns = new FirstPublishHookNamespace();
        Bus bus = new Bus("register-unlocked", ns);
        Device parent = bus.newDevice("gpu0");
        parent.add();
        DrmDevice d = DrmDevice.alloc(World.plainDriver(new ArrayList<>()), parent, dd -> "container");
        AtomicReference<Boolean> withdrew = new AtomicReference<>();
        ns.onFirstPublish = () -> withdrew.set(d.unregister());
        d.register();
        assertThat(ns.finishedDuringPublish).as("an unregister from another thread did not block on the device lock "
                + "while the namespace was being called").isTrue();
        assertThat(withdrew.get()).as("the unregister withdrew the registration in progress").isTrue();
        assertThat(d.isRegistered()).isFalse();
        assertThat(ns.paths()).as("no name is left behind").isEmpty();

        d.register(); // registering again works, with every name
        assertThat(d.isRegistered()).isTrue();
        assertThat(ns.paths()).contains("/dev/dri/" + d.name(), "/sys/class/drm/" + d.name());
        assertThat(d.unregister()).isTrue();
        assertThat(ns.paths()).isEmpty();
        d.put();
        parent.del();
        parent.put();
    }
}
