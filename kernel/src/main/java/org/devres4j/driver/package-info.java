/**
 * The driver model with devres: {@link org.devres4j.driver.Bus}, {@link org.devres4j.driver.Device},
 * {@link org.devres4j.driver.Driver}, binding (by match, to a named driver, sysfs-style by names), driver data,
 * the typed devres front-end {@link org.devres4j.driver.Device#devres()}, root and
 * {@link org.devres4j.driver.FauxDevice faux} devices, and the two kinds of removal —
 * {@link org.devres4j.driver.Device#unregister()} with the hardware still present (a
 * {@link org.devres4j.driver.Bus#rescan() rescan} finds it again, through the bus's
 * {@link org.devres4j.driver.BusScan}) or gone.
 *
 * <p><b>Lifetime:</b> devres resources live from their add until the next release point of their
 * device: failed probe, unbind (after {@code remove()}), {@code del}, last put.
 * <b>Order:</b> newest first. <b>Concurrency:</b> one lock per device serialises its binding changes;
 * no driver callback or release action runs under the bus's lock.
 */
package org.devres4j.driver;
