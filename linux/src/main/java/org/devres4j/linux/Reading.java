package org.devres4j.linux;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one read of a sysfs {@link Attribute} gave: the value, or "device gone", or a failed read. A read
 * never throws for any of these: the device vanishing under a reader is an expected outcome, not an error.
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> a {@link Status#GONE} reading is final for its binding: every
 * later read of it is gone too. <b>Concurrency:</b> immutable.
 *
 * @param attribute the attribute's path relative to the device directory, e.g. {@code statistics/rx_bytes}
 * @param status    the outcome
 * @param text      the value with its trailing newline removed (empty unless {@link Status#VALUE})
 * @param gone      how the device was found gone (null unless {@link Status#GONE})
 * @param failure   the read's failure (null unless {@link Status#FAILED})
 */
public record Reading(String attribute, Status status, String text, Gone gone, IOException failure) {

    /** The outcome of a read. */
    public enum Status {
        /** The attribute's current value. */
        VALUE,
        /** The device is gone: the binding's gate was shut, or the read met the removal. */
        GONE,
        /** The device is there but the kernel answered the read with an error (e.g. EINVAL, EIO). */
        FAILED
    }

    /** How a read found the device gone. */
    public enum Gone {
        /** The gate was already shut: the read did not touch the file. */
        REFUSED,
        /**
         * The read was inside its section when the kernel removed the device: the file answered ENODEV (or
         * vanished). The unplug raced the read; the bus counts these ({@link SysfsDevice#racedReads()}).
         */
        RACED
    }

    /**
     * Checks the components.
     *
     * @param attribute the attribute
     * @param status    the status
     * @param text      the text
     * @param gone      the way it was gone
     * @param failure   the failure
     */
    public Reading {
        Objects.requireNonNull(attribute, "Reading: the attribute must not be null");
        Objects.requireNonNull(status, "Reading: the status must not be null");
        Objects.requireNonNull(text, "Reading: the text must not be null");
        if ((status == Status.GONE) != (gone != null) || (status == Status.FAILED) != (failure != null)) {
            throw new IllegalArgumentException("Reading of '" + attribute + "': status " + status + " with gone=" + gone
                    + " and failure=" + failure + " is inconsistent — only GONE has a way, only FAILED a failure");
        }
    }

    static Reading value(String attribute, String text) {
        return new Reading(attribute, Status.VALUE, text, null, null);
    }

    static Reading gone(String attribute, Gone how) {
        return new Reading(attribute, Status.GONE, "", how, null);
    }

    static Reading failed(String attribute, IOException failure) {
        return new Reading(attribute, Status.FAILED, "", null, failure);
    }

    /** @return whether the read gave a value */
    public boolean isValue() {
        return status == Status.VALUE;
    }

    /** @return whether the device is gone */
    public boolean isGone() {
        return status == Status.GONE;
    }

    /**
     * @return the value as a decimal number, or empty if the read gave no value
     * @throws NumberFormatException naming the attribute and the text, if the value is not a decimal number
     */
    public OptionalLong asLong() {
        if (status != Status.VALUE) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            NumberFormatException n = new NumberFormatException("attribute '" + attribute + "' read '" + text
                    + "', which is not a decimal number");
            n.initCause(e);
            throw n;
        }
    }
}
