/**
 * The simulator and the sanitizer: a deterministic world around the kernel model (physical address
 * space with reassignable MMIO ranges, interrupt lines, a sysfs-style namespace and /dev nodes,
 * userspace processes, a hot-plug controller), a sanitizer that turns every lifetime bug of the seeds
 * into a {@link org.devres4j.sim.Report}, the built-in scenarios ({@link org.devres4j.sim.Scenarios}),
 * scenario scripts ({@link org.devres4j.sim.ScenarioScript}, one {@link org.devres4j.sim.Verb} per step
 * kind), the runner ({@link org.devres4j.sim.ScenarioRunner}), the side-by-side
 * {@link org.devres4j.sim.Demo} and the deterministic {@link org.devres4j.sim.Fuzzer}. Everything a run
 * does is a typed {@link org.devres4j.sim.Event}; {@link org.devres4j.sim.EventText} is its one text form.
 *
 * <p>Inside (package-private): {@code World} (devices, drivers, hot-plug), {@code Userspace}
 * (processes, files, mappings, the racing ioctl), {@code Sanitizer} and {@code LeakCheck} (diagnosis
 * and reports), {@code EventLog} and {@code Lifetimes} (the bounded log and its index),
 * {@code Platform} (the one place the simulator wires itself into the kernel model), the drivers
 * ({@code VgpuAdapter}, {@code SimpleGpu}, {@code PanelDriver}, {@code SensorDriver},
 * {@code VirtualDevices}) and the hardware ({@code SimHardware}, {@code AddressSpace},
 * {@code IrqController}).
 *
 * <p><b>Lifetime:</b> every run builds its own world and tears it down; results are values; memory is
 * bounded by what a run keeps alive, not by its length. <b>Order:</b> a seed fixes every choice, so a
 * run replays exactly. <b>Concurrency:</b> a run happens on the calling thread, one step at a time;
 * separate runs may go on separate threads and share nothing.
 */
package org.devres4j.sim;
