package org.devres4j.core;

/** The kernel's (action, data) pair. */
final class DataNode extends Node {
    final DataRelease<Object, Object> action;
    final Object data;
    private final String name;
    private int seq;

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
    int order() {
        return seq;
    }

    @Override
    void number(int seq) {
        this.seq = seq;
    }

    @Override
    void run(Object owner, String reason) throws Exception {
        action.release(owner, data);
    }
}
