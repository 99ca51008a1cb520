package org.devres4j.linux;

/**
 * Names of the errno values the netlink source can meet, for messages.
 *
 * <p><b>Lifetime, order, concurrency:</b> stateless.
 */
final class Errnos {

    private Errnos() {
    }

    /**
     * @param errno a Linux errno value
     * @return its symbolic name, or {@code errno N}
     */
    static String name(int errno) {
        switch (errno) {
            case 1: return "EPERM";
            case 4: return "EINTR";
            case 9: return "EBADF";
            case 11: return "EAGAIN";
            case 12: return "ENOMEM";
            case 13: return "EACCES";
            case 19: return "ENODEV";
            case 22: return "EINVAL";
            case 23: return "ENFILE";
            case 24: return "EMFILE";
            case 93: return "EPROTONOSUPPORT";
            case 97: return "EAFNOSUPPORT";
            case 105: return "ENOBUFS";
            default: return "errno " + errno;
        }
    }
}
