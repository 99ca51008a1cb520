/**
 * jcstress tests of the concurrent parts: the core's {@link org.devres4j.core.Gate} (no reader is
 * inside once {@code shut()} returns, also when the shutter is interrupted, which keeps its interrupt;
 * no enter succeeds after it; nested sections hold the shutter off), {@link org.devres4j.core.RefCount}
 * (the release runs exactly once under racing gets and puts; the count never goes below zero; a get on
 * a dead count is refused) and the resource list's atomic lookups (a shared resource freed exactly once
 * when the list's release races the last holder's put; exactly one of two racing adds of a named
 * resource; exactly one resource from two racing find-or-adds); and the kernel model's (an ioctl in
 * flight pins its file; two {@code device_unregister} calls delete once; two explicit binds bind once).
 *
 * <p>Each test lists its outcomes: ACCEPTABLE ones are the legal interleavings, FORBIDDEN ones are
 * the bugs, and a catch-all FORBIDDEN outcome makes any unexpected result a failure. Run all with
 * {@code java -jar stress/target/jcstress.jar}; {@code .ci/run} runs a bounded mode.
 */
package org.devres4j.stress;
