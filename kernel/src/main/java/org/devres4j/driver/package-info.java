/**
 * The driver model of the seeds: buses, devices, drivers, binding, and devres — resources tied to a
 * driver↔device binding, released at unbind.
 */
package org.devres4j.driver;
