package org.devres4j.sim;

import java.util.List;

import org.devres4j.driver.Driver;

/**
 * A {@link SimDriver} that is itself the kernel {@link Driver} it registers: holds the driver name, the
 * checked variant and the world. Lifetime: one per {@code load} step; single-threaded, like the world.
 */
abstract class SelfDriver implements SimDriver, Driver {

    final World world;
    private final String name;
    private final String variant;

    /**
     * @throws ScenarioStepException if {@code variant} is not one of {@code variants}
     */
    SelfDriver(String name, String variant, List<String> variants, World world) {
        if (!variants.contains(variant)) {
            throw new ScenarioStepException(name + " has no variant '" + variant + "': expected one of " + variants);
        }
        this.world = world;
        this.name = name;
        this.variant = variant;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String variant() {
        return variant;
    }

    @Override
    public final Driver driver() {
        return this;
    }
}
