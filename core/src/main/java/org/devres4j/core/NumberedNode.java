package org.devres4j.core;

/**
 * A node with room for its registration number: every kind but the plain action (which stays at 24
 * bytes and is numbered, when someone listens, as a {@link NamedActionNode} that asks its action for the
 * name). The number is written before the push that publishes the node, and cleared only if that push
 * was refused.
 */
abstract class NumberedNode extends Node {
    private int seq;

    @Override
    final int order() {
        return seq;
    }

    @Override
    final void number(int seq) {
        this.seq = seq;
    }
}
