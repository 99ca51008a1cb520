/**
 * What userspace sees of the kernel model: error numbers ({@link org.devres4j.uapi.Errno}, carried by
 * {@link org.devres4j.uapi.ErrnoException}) and the namespace of device nodes, sysfs entries and minors
 * ({@link org.devres4j.uapi.Namespace}) a bus is made with.
 *
 * <p><b>Lifetime:</b> a name or a minor is held from publish/alloc to withdraw/free. <b>Order:</b> minors
 * are the lowest free number. <b>Concurrency:</b> every type is immutable or thread-safe.
 */
package org.devres4j.uapi;
