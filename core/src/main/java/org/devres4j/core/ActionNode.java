package org.devres4j.core;

/** A plain action named by the action itself, added while nobody listens: the 24-byte case. */
final class ActionNode extends Node {
    final Release<Object> action;

    ActionNode(Release<Object> action) {
        this.action = action;
    }

    @Override
    public String name() {
        return action.name();
    }

    @Override
    String kind() {
        return NamedActionNode.KIND;
    }

    @Override
    String fallbackName() {
        return Names.of(action);
    }

    @Override
    void run(Object owner, String reason) throws Exception {
        action.release(owner);
    }
}
