package org.devres4j.linux;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the JDK 22+ netlink source. Its class, {@code NetlinkUeventSource}, exists only in the jar's
 * {@code META-INF/versions/22} (compiled from {@code src/main/java22}); no release-17 code names it, so it
 * is looked up by name once the runtime is known to be new enough.
 *
 * <p><b>Lifetime, order, concurrency:</b> stateless; safe from any thread.
 */
final class Sources {

    static final int FFM_FEATURE = 22;
    static final String NETLINK_CLASS = "org.devres4j.linux.NetlinkUeventSource";

    private Sources() {
    }

    static Optional<String> netlinkUnavailableReason() {
        int feature = Runtime.version().feature();
        if (feature < FFM_FEATURE) {
            return Optional.of("netlink uevents need the FFM API of JDK " + FFM_FEATURE + "+; this is JDK " + Runtime.version());
        }
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("netlink uevents exist only on Linux; this is " + System.getProperty("os.name"));
        }
        try {
            Class.forName(NETLINK_CLASS, false, Sources.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("class " + NETLINK_CLASS + " is not on the class path: run from the multi-release jar "
                    + "devres4j-linux, or add its META-INF/versions/" + FFM_FEATURE + " directory");
        }
        return Optional.empty();
    }

    static HotplugSource netlink(String subsystem) {
        Sysfs.requireElement("subsystem", subsystem);
        Optional<String> reason = netlinkUnavailableReason();
        if (reason.isPresent()) {
            throw new HotplugUnavailableException("netlink uevent source for '" + subsystem + "' unavailable: " + reason.get(), null);
        }
        try {
            Class<?> c = Class.forName(NETLINK_CLASS, true, Sources.class.getClassLoader());
            Constructor<?> ctor = c.getDeclaredConstructor(String.class);
            return (HotplugSource) ctor.newInstance(subsystem);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw new HotplugUnavailableException("netlink uevent source for '" + subsystem + "' failed to open", t);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new HotplugUnavailableException("netlink uevent source for '" + subsystem + "' cannot be loaded: " + e, e);
        }
    }
}
