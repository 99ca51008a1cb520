package org.devres4j.sim;

import java.util.Objects;

/**
 * What the most recent call of a step returned to its caller: success (with a value or not), an errno,
 * or a fault (an unexpected failure of the kernel model). {@code expect ok|errno|value} check it.
 *
 * <p><b>Lifetime / order / concurrency:</b> an immutable value.
 *
 * @param status the kind of result
 * @param value  the value of {@link Status#VALUE}, the errno name of {@link Status#ERRNO}, else empty
 */
record CallResult(Status status, String value) {

    /** The kinds of result. */
    enum Status { OK, VALUE, ERRNO, FAULT }

    static final CallResult OK = new CallResult(Status.OK, "");
    static final CallResult FAULT = new CallResult(Status.FAULT, "");

    CallResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(value, "value");
    }

    static CallResult value(Object v) {
        return new CallResult(Status.VALUE, String.valueOf(v));
    }

    static CallResult errno(String name) {
        return new CallResult(Status.ERRNO, name);
    }

    boolean isOk() {
        return status == Status.OK || status == Status.VALUE;
    }

    boolean isErrno(String name) {
        return status == Status.ERRNO && value.equals(name);
    }

    boolean isValue(String v) {
        return status == Status.VALUE && value.equals(v);
    }

    /** @return {@code ok}, {@code ok:VALUE}, the errno name, or {@code FAULT} */
    @Override
    public String toString() {
        return switch (status) {
            case OK -> "ok";
            case VALUE -> "ok:" + value;
            case ERRNO -> value;
            case FAULT -> "FAULT";
        };
    }
}
