package org.scx4j.bpf;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * An attachment made by libbpf (e.g. a registered struct_ops map). It exists so detaching
 * is a {@code close()}: try-with-resources guarantees a scheduler or congestion control is
 * unregistered however the Java code leaves.
 */
public final class Link implements AutoCloseable {
    private final String what;
    private final Consumer<Link> onClose;
    private MemorySegment link;

    Link(String what, MemorySegment link, Consumer<Link> onClose) {
        this.what = what;
        this.link = link;
        this.onClose = onClose;
    }

    /** Whether the link is still attached. */
    public synchronized boolean attached() {
        return link != null;
    }

    /** Detaches; idempotent. */
    @Override
    public synchronized void close() {
        if (link == null) return;
        MemorySegment l = link;
        link = null;
        onClose.accept(this);
        LibbpfLog.clearRecent();
        int rc = (int) Native.call(Libbpf.LINK_DESTROY, l.address());
        if (rc < 0) throw BpfException.of("detaching " + what, rc, null);
    }

    @Override
    public String toString() {
        return "Link[" + what + (attached() ? "" : ", closed") + "]";
    }
}
