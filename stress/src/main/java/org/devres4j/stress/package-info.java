/**
 * jcstress tests of the concurrent parts: the core's {@link org.devres4j.core.Gate} (no reader is
 * inside once {@code shut()} returns; no enter succeeds after it; nested sections hold the shutter
 * off) and {@link org.devres4j.core.RefCount} (the release runs exactly once under racing
 * gets and puts; the count never goes below zero; a get on a dead count is refused); and the kernel
 * model's (an ioctl in flight pins its file; two {@code device_unregister} calls delete once; two
 * explicit binds bind once).
 *
 * <p>Each test lists its outcomes: ACCEPTABLE ones are the legal interleavings, FORBIDDEN ones are
 * the bugs, and a catch-all FORBIDDEN outcome makes any unexpected result a failure. Run all with
 * {@code java -jar stress/target/jcstress.jar}; {@code .ci/run} runs a bounded mode.
 */
package org.devres4j.stress;
