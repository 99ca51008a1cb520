package org.devres4j.core;

/**
 * An action with a registration number: one added with its own name, or a plain action added while
 * someone listens (no name of its own: it asks the action).
 */
class NamedActionNode extends NumberedNode {
    static final String KIND = "action";

    final Release<Object> action;
    /** Null for a plain action: its name is the action's. */
    private final String name;

    NamedActionNode(String name, Release<Object> action) {
        this.name = name;
        this.action = action;
    }

    @Override
    public String name() {
        return name != null ? name : action.name();
    }

    @Override
    String kind() {
        return KIND;
    }

    @Override
    String fallbackName() {
        return Names.of(action);
    }

    @Override
    void run(Object owner, String reason) throws Exception {
        action.release(owner);
    }

    /** A named resource: its name is unique among the named resources of its list (KUnit's named resources). */
    static final class Keyed extends NamedActionNode {
        Keyed(String name, Release<Object> action) {
            super(name, action);
        }

        @Override
        boolean isKeyed() {
            return true;
        }

        @Override
        String kind() {
            return "named";
        }
    }
}
