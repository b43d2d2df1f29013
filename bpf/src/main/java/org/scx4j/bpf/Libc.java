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
 * throws instead of crashing. Each handle is linked on its first call (a holder class
 * each, as in {@link Libbpf}): a BPF scheduler's start only maps memory.
 */
final class Libc {
    static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
    static final int EPOLLIN = 1, EPOLL_CTL_ADD = 1, EPOLL_CLOEXEC = 0x80000;
    static final int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;
    static final long PAGE_SIZE;

    private static final class Mmap {
        static final MethodHandle H = Native.libcErrno("mmap",
                FunctionDescriptor.of(PTR, PTR, LONG, INT, INT, INT, LONG));
    }
    private static final class Munmap {
        static final MethodHandle H = Native.libc("munmap", FunctionDescriptor.of(INT, PTR, LONG));
    }
    private static final class Close {
        static final MethodHandle H = Native.libc("close", FunctionDescriptor.of(INT, INT));
    }
    private static final class EpollCreate1 {
        static final MethodHandle H = Native.libcErrno("epoll_create1", FunctionDescriptor.of(INT, INT));
    }
    private static final class EpollCtl {
        static final MethodHandle H = Native.libcErrno("epoll_ctl", FunctionDescriptor.of(INT, INT, INT, INT, PTR));
    }
    private static final class Eventfd {
        static final MethodHandle H = Native.libcErrno("eventfd", FunctionDescriptor.of(INT, INT, INT));
    }
    static final class Read {
        static final MethodHandle H = Native.libc("read", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    }
    static final class Write {
        static final MethodHandle H = Native.libc("write", FunctionDescriptor.of(LONG, INT, PTR, LONG));
    }
    static final class EpollWait {
        static final MethodHandle H = Native.libcErrno("epoll_wait", FunctionDescriptor.of(INT, INT, PTR, INT, INT));
    }
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
            MemorySegment addr = (MemorySegment) Mmap.H.invokeExact(errno, MemorySegment.NULL, length, prot, MAP_SHARED, fd, offset);
            if (addr.address() == MAP_FAILED) throw BpfException.of("mmap of " + what, Native.errno(errno), null);
            return addr.reinterpret(length, owner, a -> munmap(a, length));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private static void munmap(MemorySegment addr, long length) {
        try {
            int rc = (int) Munmap.H.invokeExact(addr, length);
            assert rc == 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int rc = (int) Close.H.invokeExact(fd);
            assert rc == 0;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** A new epoll instance watching each of {@code fds} for input; an event's data is its fd. */
    static int epollFor(String what, int... fds) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errno = call.allocate(Native.CAPTURE);
            int epfd = (int) EpollCreate1.H.invokeExact(errno, EPOLL_CLOEXEC);
            if (epfd < 0) throw BpfException.of("epoll_create1 for " + what, Native.errno(errno), null);
            MemorySegment event = call.allocate(EPOLL_EVENT_SIZE);
            for (int fd : fds) {
                event.set(INT, 0, EPOLLIN);
                event.set(INT, EPOLL_EVENT_DATA, fd);
                int rc = (int) EpollCtl.H.invokeExact(errno, epfd, EPOLL_CTL_ADD, fd, event);
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
            int fd = (int) Eventfd.H.invokeExact(errno, 0, EFD_CLOEXEC | EFD_NONBLOCK);
            if (fd < 0) throw BpfException.of("eventfd for " + what, Native.errno(errno), null);
            return fd;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
