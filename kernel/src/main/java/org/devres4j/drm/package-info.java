/**
 * The DRM layer of the seeds: a refcounted, userspace-facing {@link org.devres4j.drm.DrmDevice} whose
 * software lives on its drmm list ({@link org.devres4j.drm.Drmm}) until the last user lets go, while
 * its hardware goes at unbind; the enter/exit guard that makes hot-unplug safe; files, ioctls and
 * mmaps, on the primary and the render node, with every ioctl of an unplugged device refused with ENODEV at
 * entry; the debugfs-like name file; the mode config and KMS objects; component bridges. Internally one class per kernel concept: allocation and refcount
 * ({@code drm_drv.c}: {@link org.devres4j.drm.DrmDevice} with its lifetime part), registration and names
 * ({@code drm_sysfs.c}), the unplug guard, files ({@code drm_file.c}) and mode config. The reference
 * driver lives in {@code org.devres4j.drivers.vgpu}.
 *
 * <p><b>Lifetime rule (seed 004):</b> devres for hardware and for withdrawing userspace names; drmm
 * for software; enter/exit around every crossing from software to hardware.
 * <b>Order:</b> unplug = mark → wait for sections → unregister → zap mappings; last put = driver
 * release hook → drmm list newest first → final free, nothing after.
 * <b>Concurrency:</b> every public type is thread-safe unless its Javadoc says otherwise; ioctls run
 * concurrently with each other and with unplug, and every call in flight pins its file.
 */
package org.devres4j.drm;
