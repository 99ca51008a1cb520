package org.devres4j.core;

/** One end of a group: the open marker or the close marker. */
final class GroupMarker extends Node {
    final GroupImpl group;
    final boolean opening;
    private int seq;

    GroupMarker(GroupImpl group, boolean opening) {
        this.group = group;
        this.opening = opening;
    }

    @Override
    boolean isMarker() {
        return true;
    }

    @Override
    public String name() {
        return "group " + group.describe() + (opening ? " open" : " close");
    }

    @Override
    String kind() {
        return "group";
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
    void run(Object owner, String reason) {
        // markers release nothing
    }
}
