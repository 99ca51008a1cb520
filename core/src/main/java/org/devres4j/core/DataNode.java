package org.devres4j.core;

/** The kernel's (action, data) pair. */
final class DataNode extends NumberedNode {
    final DataRelease<Object, Object> action;
    final Object data;
    private final String name;

    DataNode(String name, DataRelease<Object, Object> action, Object data) {
        this.name = name;
        this.action = action;
        this.data = data;
    }

    boolean matches(Object otherAction, Object otherData) {
        return action == otherAction && data == otherData;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    String kind() {
        return "action";
    }

    @Override
    void run(Object owner, String reason) throws Exception {
        action.release(owner, data);
    }
}
