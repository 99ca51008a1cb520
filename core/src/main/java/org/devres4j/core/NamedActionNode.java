package org.devres4j.core;

/** An action with its own name (and, when it was added while someone listened, its number). */
class NamedActionNode extends ActionNode {
    private final String name;
    private int seq;

    NamedActionNode(String name, Release<Object> action) {
        super(action);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    int order() {
        return seq;
    }

    @Override
    void number(int seq) {
        this.seq = seq;
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
