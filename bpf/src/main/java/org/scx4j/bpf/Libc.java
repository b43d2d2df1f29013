package org.scx4j.bpf;

import static org.scx4j.bpf.Native.INT;
import static org.scx4j.bpf.Native.LONG;
import static org.scx4j.bpf.Native.PTR;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * The few libc calls the binding needs beyond libbpf: mmap of map fds (live globals and
 * ring buffers), epoll (blocking ring buffer waits) and an eventfd to end such a wait.
 * Mappings are tied to an arena, so closing the arena unmaps them and any later access
 * throws instead of crashing.
 */
final class Libc {
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EPOLL_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    static final long PAGE_SIZE;

    private static final MethodHandle MMAP = Native.libcErrno("mmap", FunctionDescriptor.of(PTR, PTR, LONG, INT, INT, INT, LONG));
    private static final MethodHandle MUNMAP = Native.libc("munmap", FunctionDescriptor.of(INT, PTR, LONG));
    private static final MethodHandle CLOSE = Native.libc("close", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle EPOLL_CREATE1 = Native.libcErrno("epoll_create1", FunctionDescriptor.of(INT, INT));
    private static final MethodHandle EPOLL_CTL = Native.libcErrno("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, PTR));
    private static final MethodHandle EVENTFD = Native.libcErrno("eventfd", FunctionDescriptor.of(INT, INT, INT));
    static final MethodHandle READ = Native.libc("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    static final MethodHandle WRITE = Native.libc("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    static final MethodHandle EPOLL_WAIT = Native.libcErrno("epoll_wait", FunctionDescriptor.of(INT, INT, PTR, INT, INT));
    private static final long MAP_FAILED = -1L;
    /** struct epoll_event is packed on x86-64: u32 events, then u64 data at offset 4. */
    static final long EPOLL_EVENT_SIZE = 12, EPOLL_EVENT_DATA = 4;

    static {
        try {
            PAGE_SIZE = (int) Native.libc("getpagesize", FunctionDescriptor.of(INT)).invokeExact();
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private Libc() {}

    /** mmaps {@code length} bytes of {@code fd} at {@code offset}; unmapped when {@code owner} closes. */
    static MemorySegment mmap(Arena owner, int fd, long length, int prot, long offset, String what) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Native.CAPTURE);
            MemorySegment addr = (MemorySegment) MMAP.invokeExact(errno, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
            if (addr.address() == MAP_FAILED) throw BpfException.of("mmap of " + what, Native.errno(errno), null);
            return addr.reinterpret(length, owner, a -> munmap(a, length));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void munmap(MemorySegment addr, long length) {
        try {
            int rc = (int) MUNMAP.invokeExact(addr, length);
            assert rc == 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int rc = (int) CLOSE.invokeExact(fd);
            assert rc == 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A new epoll instance watching each of {@code fds} for input; an event's data is its fd. */
    static int epollFor(String what, int... fds) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Native.CAPTURE);
            int epfd = (int) EPOLL_CREATE1.invokeExact(errno, EPOLL_CLOEXEC);
            if (epfd < 0) throw BpfException.of("epoll_create1 for " + what, Native.errno(errno), null);
            MemorySegment event = call.allocate(EPOLL_EVENT_SIZE);
            for (int fd : fds) {
                event.set(INT, 0, EPOLLIN);
                event.set(INT, EPOLL_EVENT_DATA, fd);
                int rc = (int) EPOLL_CTL.invokeExact(errno, epfd, EPOLL_CTL_ADD, fd, event);
                if (rc < 0) {
                    int e = Native.errno(errno);
                    close(epfd);
                    throw BpfException.of("epoll_ctl for " + what, e, null);
                }
            }
            return epfd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A new non-blocking eventfd. */
    static int eventfd(String what) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Native.CAPTURE);
            int fd = (int) EVENTFD.invokeExact(errno, 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (fd < 0) throw BpfException.of("eventfd for " + what, Native.errno(errno), null);
            return fd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
