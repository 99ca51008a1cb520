package org.devres4j.driver;

/**
 * Thrown by an explicit {@link Device#bind()} (and by {@link FauxDevice#create}) when every matching
 * driver's probe failed. The cause is the first probe failure, the others are suppressed.
 *
 * <p><b>Lifetime:</b> when this is thrown the device is unbound and everything the failed probes
 * registered on its devres list was released (kept until {@code del} under
 * {@link DriverModelPolicy#RELEASE_AT_DELETION_ONLY}). <b>Order:</b> failures appear in the order the
 * drivers were tried (registration order). <b>Concurrency:</b> a value.
 */
public final class ProbeFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message names the device and what failed
     * @param cause   the first probe failure
     */
    public ProbeFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
