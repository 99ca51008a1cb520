/** The simulated world, the sanitizer, the deterministic scheduler and the seeds' scenarios. */
package org.devres4j.sim;
