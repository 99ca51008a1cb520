package org.devres4j.linux;

import java.util.List;

/**
 * Waiting for threads that have been told to stop, as the bus's event thread and the samplers are at
 * close: the wait is not cut short by an interrupt, and an interrupt that arrives meanwhile is handed
 * back to the caller once every thread has ended.
 *
 * <p><b>Lifetime, order, concurrency:</b> stateless; the threads are joined in list order, from any
 * thread but one of them.
 */
final class Joins {

    private Joins() {
    }

    /**
     * Joins every thread, in order, however often the caller is interrupted meanwhile; the caller's
     * interrupt status is set again at the end if any interrupt came (or was pending on entry).
     *
     * @param threads the threads, each already told to stop
     */
    static void uninterruptibly(List<Thread> threads) {
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
