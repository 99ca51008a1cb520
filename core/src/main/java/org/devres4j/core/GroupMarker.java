package org.devres4j.core;

/** One end of a group: the open marker or the close marker. */
final class GroupMarker extends NumberedNode {
    final GroupImpl group;
    final boolean opening;

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
    ListClosedException closedRefusal(String ownerName, String reason) {
        return ListErrors.closedGroup(ownerName, opening ? "openGroup" : "closeGroup", group.describe(), reason);
    }

    @Override
    String kind() {
        return "group";
    }

    @Override
    void run(Object owner, String reason) {
        // markers release nothing
    }
}
