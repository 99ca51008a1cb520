/**
 * JSON text the simulator and the command line both write: {@link org.devres4j.sim.json.JsonStrings}.
 * Exported only to the command line ({@code exports ... to}); not part of the simulator's API.
 *
 * <p><b>Lifetime, order, concurrency:</b> stateless and thread-safe.
 */
package org.devres4j.sim.json;
