/**
 * The reference driver, a virtual GPU ({@link org.devres4j.drivers.vgpu.Vgpu}), written the way seed 004's
 * rule of thumb says — devm for hardware and for withdrawing userspace, drmm for software, enter/exit around
 * every hardware access — and its planted bugs ({@link org.devres4j.drivers.vgpu.VgpuBug}), one rule broken
 * each. It supplies its chip's register model ({@link org.devres4j.drivers.vgpu.Vgpu#REGISTERS}) to whoever
 * plugs a vgpu into the hardware model.
 *
 * <p><b>Lifetime:</b> one DRM device per binding, devm-allocated. <b>Order:</b> the devres list at unbind runs
 * unplug, sysfs removal, irq free, hardware shutdown, DRM put, unmap. <b>Concurrency:</b> ioctls on many
 * threads, concurrently with unbind.
 */
package org.devres4j.drivers.vgpu;
