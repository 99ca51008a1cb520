package org.devres4j.core;

/** An action with its own name. */
final class NamedActionNode extends ActionNode {
    private final String name;

    NamedActionNode(String name, Release<Object> action) {
        super(action);
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }
}
