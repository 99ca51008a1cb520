package org.devres4j.sim;

import java.util.List;

/**
 * The drivers a script can load, by name.
 *
 * <p><b>Lifetime:</b> stateless. <b>Order:</b> {@link #names()} in help order. <b>Concurrency:</b> thread-safe.
 */
final class Drivers {

    private Drivers() {
    }

    /** @return the driver names a script can load */
    static List<String> names() {
        return List.of("vgpu", "simple", "panel", "sensor");
    }

    static SimDriver create(String name, String variant, World world) {
        return switch (name) {
            case "vgpu" -> new VgpuAdapter(variant, world);
            case "simple" -> new SimpleGpu(variant, world);
            case "panel" -> new PanelDriver(variant, world);
            case "sensor" -> new SensorDriver(variant, world);
            default -> throw new ScenarioStepException("no driver '" + name + "': the simulator has " + names());
        };
    }
}
