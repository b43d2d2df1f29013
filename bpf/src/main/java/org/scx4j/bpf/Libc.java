package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The few libc calls the binding needs beyond libbpf: mmap of map fds (live globals and
 * ring buffers), epoll (blocking ring buffer waits) and an eventfd to end such a wait.
 * Mappings are tied to an arena, so closing the arena unmaps them and any later access
 * throws instead of crashing. Called as {@link Native} explains.
 */
final class Libc {
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EPOLL_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    static final long PAGE_SIZE;

    // void *(void *addr, size_t length, int prot, int flags, int fd, off_t offset); errno
    private static final Native.Fn MMAP = Native.libc("mmap");
    private static final Native.Fn MUNMAP = Native.libc("munmap"); // int (void *addr, size_t length)
    private static final Native.Fn CLOSE = Native.libc("close"); // int (int fd)
    private static final Native.Fn EPOLL_CREATE1 = Native.libc("epoll_create1"); // int (int flags); errno
    // int (int epfd, int op, int fd, struct epoll_event *event); errno
    private static final Native.Fn EPOLL_CTL = Native.libc("epoll_ctl");
    private static final Native.Fn EVENTFD = Native.libc("eventfd"); // int (unsigned int initval, int flags); errno
    static final Native.Fn READ = Native.libc("read"); // ssize_t (int fd, void *buf, size_t count)
    static final Native.Fn WRITE = Native.libc("write"); // ssize_t (int fd, const void *buf, size_t count)
    // int (int epfd, struct epoll_event *events, int maxevents, int timeout); errno
    static final Native.Fn EPOLL_WAIT = Native.libc("epoll_wait");
    private static final long MAP_FAILED = -1L;
    /** struct epoll_event is packed on x86-64: u32 events, then u64 data at offset 4. */
    static final long EPOLL_EVENT_SIZE = 12, EPOLL_EVENT_DATA = 4;

    static {
        PAGE_SIZE = (int) Native.call(Native.libc("getpagesize")); // int (void)
    }

    private Libc() {}

    /** mmaps {@code length} bytes of {@code fd} at {@code offset}; unmapped when {@code owner} closes. */
    static MemorySegment mmap(Arena owner, int fd, long length, int prot, long offset, String what) {
        long addr = Native.call(MMAP, 0L, length, prot, MAP_SHARED, fd, offset);
        if (addr == MAP_FAILED) throw BpfException.of("mmap of " + what, Native.errno(), null);
        return MemorySegment.ofAddress(addr).reinterpret(length, owner, a -> munmap(a, length));
    }

    private static void munmap(MemorySegment addr, long length) {
        int rc = (int) Native.call(MUNMAP, addr.address(), length);
        assert rc == 0;
    }

    static void close(int fd) {
        int rc = (int) Native.call(CLOSE, fd);
        assert rc == 0;
    }

    /** A new epoll instance watching each of {@code fds} for input; an event's data is its fd. */
    static int epollFor(String what, int... fds) {
        try (Arena call = Arena.ofConfined()) {
            int epfd = (int) Native.call(EPOLL_CREATE1, EPOLL_CLOEXEC);
            if (epfd < 0) throw BpfException.of("epoll_create1 for " + what, Native.errno(), null);
            MemorySegment event = call.allocate(EPOLL_EVENT_SIZE);
            for (int fd : fds) {
                event.set(INT, 0, EPOLLIN);
                event.set(INT, EPOLL_EVENT_DATA, fd);
                int rc = (int) Native.call(EPOLL_CTL, epfd, EPOLL_CTL_ADD, fd, event.address());
                if (rc < 0) {
                    int e = Native.errno();
                    close(epfd);
                    throw BpfException.of("epoll_ctl for " + what, e, null);
                }
            }
            return epfd;
        }
    }

    /** A new non-blocking eventfd. */
    static int eventfd(String what) {
        int fd = (int) Native.call(EVENTFD, 0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (fd < 0) throw BpfException.of("eventfd for " + what, Native.errno(), null);
        return fd;
    }
}
