/**
 * The DRM layer of the seeds: a refcounted, userspace-facing {@link org.devres4j.drm.DrmDevice} whose
 * software lives on its drmm list ({@link org.devres4j.drm.Drmm}) until the last user lets go, while
 * its hardware goes at unbind; the enter/exit guard that makes hot-unplug safe; files, ioctls and
 * mmaps; KMS objects; component bridges; and the reference driver {@link org.devres4j.drm.Vgpu}.
 *
 * <p><b>Lifetime rule (seed 004):</b> devres for hardware and for withdrawing userspace names; drmm
 * for software; enter/exit around every crossing from software to hardware.
 * <b>Order:</b> unplug = mark → wait for sections → unregister → zap mappings; last put = driver
 * release hook → drmm list newest first → final free, nothing after.
 * <b>Concurrency:</b> every public type is thread-safe unless its Javadoc says otherwise; ioctls run
 * concurrently with each other and with unplug.
 */
package org.devres4j.drm;
