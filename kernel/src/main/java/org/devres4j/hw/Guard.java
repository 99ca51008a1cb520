package org.devres4j.hw;

/**
 * A proof that the current thread may touch a device's hardware: implemented by the section a
 * successful {@code DrmDevice.enter()} returns. A view made from a guard ({@link IoMapping#access(Guard)})
 * checks it on every access, as do the view-less forms {@link IoMapping#read32(Guard, long)} and
 * {@link IoMapping#write32(Guard, long, int)}.
 *
 * <p><b>Lifetime:</b> a guard holds from a successful enter until its exit. <b>Order:</b> the exit
 * ends it; an unplug waits for it. <b>Concurrency:</b> a guard belongs to the thread that entered;
 * on any other thread it does not hold.
 */
public interface Guard {

    /** @return whether the guard holds on the calling thread right now */
    boolean holds();

    /** @return a description for reports, e.g. {@code "enter/exit section of card0"} */
    String describe();
}
