package org.devres4j.driver;

import java.util.ArrayList;
import java.util.List;
import org.devres4j.core.ReleaseFailedException;
import org.devres4j.core.ReleaseFailure;

/** Collects the failures of one teardown so that it can complete before they are reported. */
final class Failures {
    private static final System.Logger LOG = System.getLogger("org.devres4j.driver");
    private final List<ReleaseFailure> list = new ArrayList<>();

    void addRelease(ReleaseFailedException e) {
        for (ReleaseFailure f : e.failures()) {
            list.add(new ReleaseFailure(f.ownerName(), "devres action '" + f.actionName() + "'", f.order(), f.cause()));
        }
    }

    void addRemove(Device dev, Driver driver, Throwable t) {
        list.add(new ReleaseFailure(dev.name(), "remove() of driver '" + driver.name() + "'", 0, t));
    }

    void addAll(DeviceTeardownException e) {
        list.addAll(e.failures());
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny(String what) {
        if (list.isEmpty()) {
            return;
        }
        DeviceTeardownException e = new DeviceTeardownException(what, list);
        LOG.log(System.Logger.Level.WARNING, e.getMessage());
        throw e;
    }
}
