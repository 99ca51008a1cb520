package org.devres4j.linux;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * Which devices a driver takes: a name glob ({@code veth*}, {@code eth[0-9]}, {@code {lo,eth0}}: the syntax
 * of {@link java.nio.file.FileSystem#getPathMatcher} "glob:") and sysfs attribute values that must hold
 * (e.g. {@code type} = {@code 1} for Ethernet-like devices).
 *
 * <p><b>Lifetime:</b> a value. <b>Order:</b> the name is checked first, then the attributes in the order
 * they were given. <b>Concurrency:</b> immutable, thread-safe.
 */
public final class DeviceMatch {

    private final String glob;
    private final PathMatcher matcher;
    private final Map<String, String> attributes;

    private DeviceMatch(String glob, Map<String, String> attributes) {
        this.glob = glob;
        try {
            this.matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("device match: the glob '" + glob + "' is refused: " + e.getDescription()
                    + " at index " + e.getIndex(), e);
        }
        this.attributes = Map.copyOf(attributes);
    }

    /**
     * @param glob a name glob; {@code *} matches every device
     * @return a match on the name only
     * @throws IllegalArgumentException if the glob is blank, contains '/', or does not parse (the message
     *                                  says where)
     */
    public static DeviceMatch name(String glob) {
        Objects.requireNonNull(glob, "device match: the glob must not be null");
        if (glob.isBlank() || glob.contains("/")) {
            throw new IllegalArgumentException("device match: the glob '" + glob + "' is refused: it must be non-blank "
                    + "and contain no '/' (it matches a device name)");
        }
        return new DeviceMatch(glob, Map.of());
    }

    /**
     * @param attribute an attribute path relative to the device directory, e.g. {@code type}
     * @param value     the value it must read (trailing newline removed)
     * @return a match that also requires that value
     */
    public DeviceMatch withAttribute(String attribute, String value) {
        Objects.requireNonNull(attribute, "device match: the attribute must not be null");
        Objects.requireNonNull(value, "device match: the value of attribute '" + attribute + "' must not be null");
        Map<String, String> m = new LinkedHashMap<>(attributes);
        m.put(attribute, value);
        return new DeviceMatch(glob, m);
    }

    /** @return the name glob */
    public String glob() {
        return glob;
    }

    /**
     * @param name a device name
     * @return whether the glob matches it
     */
    public boolean matchesName(String name) {
        return !name.contains("/") && matcher.matches(Path.of(name));
    }

    /**
     * @param device a device
     * @return whether the name matches and every attribute reads its value
     */
    public boolean test(SysfsDevice device) {
        if (!matchesName(device.name())) {
            return false;
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            if (!device.readAttribute(a.getKey()).map(a.getValue()::equals).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DeviceMatch[" + glob + (attributes.isEmpty() ? "" : ", " + attributes) + "]";
    }
}
