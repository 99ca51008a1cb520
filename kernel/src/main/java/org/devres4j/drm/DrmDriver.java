package org.devres4j.drm;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.devres4j.core.TraceListener;

/**
 * The static description of a DRM driver (the kernel's {@code struct drm_driver}): its name, feature
 * flags, ioctl table, optional release hook and an optional trace listener every device of the
 * driver reports to.
 *
 * <p><b>Lifetime:</b> immutable once built; shared by every {@link DrmDevice} of the driver.
 * <b>Order:</b> the release hook runs at a device's last put, before its drmm list and before the
 * final free. <b>Concurrency:</b> immutable and thread-safe; the hook and the ioctl handlers run on
 * whichever thread triggers them. A trace listener that throws is logged and skipped: it never stops a
 * device's teardown. The fault hook ({@link Builder#faults}) is for tests.
 */
public final class DrmDriver {
    private final String name;
    private final Set<DrmFeature> features;
    private final Map<Integer, Ioctl> ioctls;
    private final Consumer<DrmDevice> release;
    private final TraceListener trace;
    private final FaultHook faults;
    /** The entries numbered below {@link #DENSE_LIMIT}, indexed by number (null: no entry). */
    private final Ioctl[] byNumber;
    private static final int DENSE_LIMIT = 256;

    private DrmDriver(Builder b) {
        this.name = b.name;
        this.features = Collections.unmodifiableSet(EnumSet.copyOf(b.features));
        this.ioctls = Collections.unmodifiableMap(new TreeMap<>(b.ioctls));
        int dense = 0;
        for (int nr : ioctls.keySet()) {
            if (nr < DENSE_LIMIT) {
                dense = Math.max(dense, nr + 1);
            }
        }
        this.byNumber = new Ioctl[dense];
        for (Ioctl i : ioctls.values()) {
            if (i.nr() < dense) {
                byNumber[i.nr()] = i;
            }
        }
        this.release = b.release;
        this.trace = b.trace;
        this.faults = b.faults;
    }

    /**
     * Starts a driver description.
     *
     * @param name the driver name, e.g. {@code "vgpu"}
     * @return a builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the driver name */
    public String name() {
        return name;
    }

    /** @return the feature flags */
    public Set<DrmFeature> features() {
        return features;
    }

    /**
     * @param feature a feature
     * @return whether the driver declares it
     */
    public boolean has(DrmFeature feature) {
        return features.contains(feature);
    }

    /**
     * @param nr an ioctl number
     * @return its table entry
     */
    public Optional<Ioctl> ioctl(int nr) {
        return Optional.ofNullable(entry(nr));
    }

    /** The table entry for a number, or null; an array index for small numbers (the dispatch path). */
    Ioctl entry(int nr) {
        if (nr >= 0 && nr < byNumber.length) {
            return byNumber[nr];
        }
        return nr < 0 ? null : ioctls.get(nr);
    }

    /** @return the ioctl table, by number */
    public List<Ioctl> ioctls() {
        return List.copyOf(ioctls.values());
    }

    /** @return the release hook, if any */
    public Optional<Consumer<DrmDevice>> release() {
        return Optional.ofNullable(release);
    }

    /** @return the trace listener every device of this driver reports to, if any */
    public Optional<TraceListener> trace() {
        return Optional.ofNullable(trace);
    }

    /** @return the fault-injection hook of this driver's devices ({@link FaultHook#NONE} unless built with one) */
    public FaultHook faults() {
        return faults;
    }

    @Override
    public String toString() {
        return "DrmDriver " + name + " " + features + " " + ioctls.size() + " ioctl(s)";
    }

    /**
     * Builds a {@link DrmDriver}. <b>Lifetime:</b> used once, then dropped. <b>Order:</b> ioctls may be
     * added in any order; numbers must be unique. <b>Concurrency:</b> not thread-safe; build on one thread.
     */
    public static final class Builder {
        private final String name;
        private final Set<DrmFeature> features = EnumSet.noneOf(DrmFeature.class);
        private final Map<Integer, Ioctl> ioctls = new TreeMap<>();
        private Consumer<DrmDevice> release;
        private TraceListener trace;
        private FaultHook faults = FaultHook.NONE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "DrmDriver.builder: the name must not be null");
            if (name.isBlank()) {
                throw new IllegalArgumentException("DrmDriver.builder: the name must not be blank");
            }
        }

        /**
         * @param fs feature flags to declare
         * @return this
         */
        public Builder features(DrmFeature... fs) {
            features.addAll(List.of(fs));
            return this;
        }

        /**
         * Adds an ioctl.
         *
         * @param nr      its number
         * @param name    its name
         * @param handler its implementation
         * @param flags   its flags: {@link DrmIoctlFlag#RENDER_ALLOW} lets render-node files issue it
         * @return this
         * @throws IllegalArgumentException if the number is taken or negative
         */
        public Builder ioctl(int nr, String name, IoctlHandler handler, DrmIoctlFlag... flags) {
            Objects.requireNonNull(flags, "DrmDriver '" + this.name + "': the flags of ioctl " + name + " must not be null");
            Ioctl i = new Ioctl(nr, name, handler, flags.length == 0 ? Set.of() : EnumSet.copyOf(List.of(flags)));
            Ioctl old = ioctls.get(nr);
            if (old != null) {
                throw new IllegalArgumentException("DrmDriver '" + this.name + "': ioctl number " + nr + " (" + name
                        + ") is already taken by " + old.name() + "; each number maps to one handler");
            }
            ioctls.put(nr, i);
            return this;
        }

        /**
         * Sets the release hook (the kernel's {@code drm_driver.release}); most drivers need none
         * and use drmm instead.
         *
         * @param hook runs at the last put, before the drmm list
         * @return this
         */
        public Builder release(Consumer<DrmDevice> hook) {
            this.release = hook;
            return this;
        }

        /**
         * Sets a listener for every lifetime event of this driver's devices (drmm ADD / REL / DEL and
         * the DRM verbs of {@link DrmEvents}).
         *
         * @param listener the listener
         * @return this
         */
        public Builder trace(TraceListener listener) {
            this.trace = listener;
            return this;
        }

        /**
         * Sets the fault-injection hook every allocation and registration step of this driver's devices
         * checks first (tests only; {@link FaultHook#NONE} by default).
         *
         * @param hook the hook
         * @return this
         */
        public Builder faults(FaultHook hook) {
            this.faults = java.util.Objects.requireNonNull(hook, "DrmDriver '" + name + "': the fault hook must not be null");
            return this;
        }

        /** @return the driver */
        public DrmDriver build() {
            return new DrmDriver(this);
        }
    }
}
