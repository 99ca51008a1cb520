/**
 * devres4j core: the owner-agnostic lifetime backend that the devres and drmm front-ends share.
 *
 * <p>Lifetime: every resource belongs to exactly one {@link org.devres4j.core.ResourceList} and is
 * released exactly once, when its owner says so. Order: lists release newest first (LIFO).
 * Concurrency: every public type is thread-safe, except a confined resource list, which refuses every
 * thread but its owner thread; release callbacks never run under a lock.
 */
module org.devres4j.core {
    requires jdk.jfr;

    exports org.devres4j.core;
}
