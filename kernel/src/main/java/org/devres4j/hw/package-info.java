/**
 * The hardware interfaces the kernel model's drivers use and the simulator implements: MMIO
 * mappings ({@link org.devres4j.hw.Mmio}, {@link org.devres4j.hw.IoMapping}), interrupt lines
 * ({@link org.devres4j.hw.IrqLine}), the per-device resource provider
 * ({@link org.devres4j.hw.Hardware}; the one model of it is in {@code org.devres4j.hw.model}), the devm
 * helpers ({@link org.devres4j.hw.Io}) and the sanitizer hook ({@link org.devres4j.hw.AccessObserver}, registered per
 * hardware).
 *
 * <p><b>Lifetime rule:</b> hardware belongs to the binding — map and request with the devm helpers so
 * the unmap and the free run at unbind. <b>Order:</b> every access is reported, with its
 * {@link org.devres4j.hw.AccessContext}, before it reaches the hardware. <b>Concurrency:</b> all types
 * are thread-safe; a view made from an enter/exit section works only on the thread that entered.
 * Registers are reachable only through a view that states why the access is safe (a section, the
 * bound device) or through the one named escape hatch, {@link org.devres4j.hw.IoMapping#unguardedAccess()}.
 */
package org.devres4j.hw;
