package org.devres4j.core;

/** A group: two markers on its list. State is read from the markers' tokens, under the list lock. */
final class GroupImpl implements Group {
    private final LinkedResourceList<?> list;
    private final Object id;
    final GroupMarker open = new GroupMarker(this, true);
    final GroupMarker close = new GroupMarker(this, false);

    GroupImpl(LinkedResourceList<?> list, Object id) {
        this.list = list;
        this.id = id == null ? this : id;
    }

    @Override
    public Object id() {
        return id;
    }

    boolean matches(Object key) {
        return key == this || key == id;
    }

    /** @return whether the close marker was ever linked (guarded by the list lock) */
    boolean closedLocked() {
        return close.tok != null;
    }

    @Override
    public boolean isOpen() {
        return list.groupState(this, true);
    }

    @Override
    public boolean isLive() {
        return list.groupState(this, false);
    }

    @Override
    public void close() {
        list.closeGroup(this);
    }

    @Override
    public int release() {
        return list.releaseGroup(this);
    }

    @Override
    public void remove() {
        list.removeGroup(this);
    }

    String describe() {
        return id == this ? "@" + Integer.toHexString(System.identityHashCode(this)) : Callbacks.text(id);
    }

    @Override
    public String toString() {
        return "group " + describe();
    }
}
