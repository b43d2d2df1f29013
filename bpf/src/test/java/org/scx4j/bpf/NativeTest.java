package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** One downcall shape serves C functions of every integer and pointer signature the binding calls. */
class NativeTest {

    @Test
    void anIntResultIsNarrowedWithItsSign() {
        try (Arena arena = Arena.ofConfined()) {
            assertThat((int) Native.call(Native.libc("atoi"), arena.allocateFrom("-42").address())).isEqualTo(-42);
            assertThat((int) Native.call(Native.libc("abs"), -7)).isEqualTo(7);
        }
    }

    @Test
    void sizesAndPointersComeBackWhole() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocateFrom("scx4j");
            assertThat(Native.call(Native.libc("strlen"), s.address())).isEqualTo(5);
            long found = Native.call(Native.libc("strchr"), s.address(), 'x');
            assertThat(found).isEqualTo(s.address() + 2);
            assertThat(Native.pointer(Native.call(Native.libc("strchr"), s.address(), 'q'))).isEqualTo(MemorySegment.NULL);
        }
    }

    @Test
    void errnoIsCapturedAtTheCallForItsOwnThread() throws Exception {
        assertThat((int) Native.call(Native.libc("close"), -1)).isEqualTo(-1);
        // Another thread's failing call leaves its own errno, not this thread's.
        Thread other = Thread.ofPlatform().start(() -> {
            Native.call(Native.libc("dup"), -1);
            assertThat(Native.errno()).isEqualTo(9); // EBADF
            Native.call(Native.libc("open"), 0L, 0L);
        });
        other.join();
        assertThat(Native.errno()).isEqualTo(9); // EBADF
        Native.call(Native.libc("open"), 0L, 0L); // a NULL path
        assertThat(Native.errno()).isEqualTo(14); // EFAULT
    }
}
