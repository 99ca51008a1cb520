/**
 * Helpers for namespace implementations outside the kernel module (the simulator's sysfs): exported only
 * to {@code org.devres4j.sim}. Not API.
 *
 * <p><b>Lifetime / order / concurrency:</b> see each type.
 */
package org.devres4j.uapi.spi;
