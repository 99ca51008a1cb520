/**
 * The simulator and the sanitizer: a deterministic world around the kernel model (physical address
 * space with reassignable MMIO ranges, interrupt lines, a sysfs-style namespace and /dev nodes,
 * userspace processes, a hot-plug controller), a sanitizer that turns every lifetime bug of the seeds
 * into a {@link org.devres4j.sim.Report}, the built-in scenarios ({@link org.devres4j.sim.Scenarios}),
 * scenario scripts ({@link org.devres4j.sim.ScenarioScript}), the runner
 * ({@link org.devres4j.sim.ScenarioRunner}), the side-by-side {@link org.devres4j.sim.Demo} and the
 * deterministic {@link org.devres4j.sim.Fuzzer}.
 *
 * <p><b>Lifetime:</b> every run builds its own world and tears it down; results are values.
 * <b>Order:</b> a seed fixes every choice, so a run replays exactly. <b>Concurrency:</b> a run happens
 * on the calling thread, one step at a time; separate runs may go on separate threads.
 */
package org.devres4j.sim;
