package org.devres4j.core;

/**
 * The end of one list's chain, and where every node that list detached points: following any node's
 * {@code next} pointers reaches the terminal of the list it was added to. That is how a list tells its
 * own released handle ("already released") from another owner's handle ("foreign") without a field
 * in the node.
 */
final class Terminal extends Node {
    final String ownerName;

    Terminal(String ownerName) {
        this.ownerName = ownerName;
    }

    @Override
    boolean isMarker() {
        return true;
    }

    @Override
    public String name() {
        return "end of " + ownerName;
    }

    @Override
    String kind() {
        return "end";
    }

    @Override
    void run(Object owner, String reason) {
        // never run
    }
}
