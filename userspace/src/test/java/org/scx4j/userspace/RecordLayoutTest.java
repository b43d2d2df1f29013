package org.scx4j.userspace;

import org.junit.jupiter.api.Test;
import org.scx4j.bpf.BpfObject;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java record layouts match the C structs the BPF side was compiled with, and stay aligned. */
class RecordLayoutTest {
    @Test
    void layoutsMatchTheObjectsBtf() {
        try (BpfObject obj = BpfObject.openResource(UserSchedBpf.class, UserSchedBpf.OBJECT)) {
            obj.btf().checkLayout("user_task", TaskRecord.LAYOUT);
            obj.btf().checkLayout("user_dispatch", DispatchRecord.LAYOUT);
            assertThat(obj.btf().structSize("user_task")).hasValue((int) TaskRecord.SIZE);
            assertThat(obj.btf().structSize("user_dispatch")).hasValue((int) DispatchRecord.SIZE);
        }
    }

    @Test
    void recordsAreWholeMultiplesOfEightBytes() {
        assertThat(TaskRecord.SIZE % 8).isZero();
        assertThat(DispatchRecord.SIZE % 8).isZero();
        assertThat(TaskRecord.LAYOUT.byteAlignment()).isEqualTo(8);
        assertThat(DispatchRecord.LAYOUT.byteAlignment()).isEqualTo(8);
    }

    @Test
    void aMisalignedRecordIsAnExceptionNotAWrongRead() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(TaskRecord.SIZE * 2, 8);
            QueuedTask view = new QueuedTask().at(buffer, 4);
            assertThatThrownBy(view::enqSeq).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("align");
            Dispatch d = new Dispatch().set(1, 2, 3, 4, 5);
            assertThatThrownBy(() -> DispatchRecord.write(d, buffer, 12))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aRecordWrittenIsReadBackFieldByField() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 2);
            tasks.add(7, 9, 1, TaskRecord.FLAG_WAKEUP | TaskRecord.FLAG_IDLE_CPU, 123, 250, 4567);
            QueuedTask[] seen = new QueuedTask[1];
            tasks.poll((segment, offset) -> {
                QueuedTask t = new QueuedTask().at(segment, offset);
                assertThat(t.pid()).isEqualTo(7);
                assertThat(t.enqSeq()).isEqualTo(9);
                assertThat(t.cpu()).isEqualTo(1);
                assertThat(t.wakeup()).isTrue();
                assertThat(t.idleCpu()).isTrue();
                assertThat(t.burstNs()).isEqualTo(123);
                assertThat(t.weight()).isEqualTo(250);
                assertThat(t.vtime()).isEqualTo(4567);
                assertThat(t.comm()).isEqualTo("task-7");
                seen[0] = t;
            }, 10);
            assertThat(seen[0]).isNotNull();

            MemoryDispatchSink sink = new MemoryDispatchSink(arena, 1);
            assertThat(sink.offer(new Dispatch().set(7, 9, -1, 5_000_000, 42))).isTrue();
            sink.flush();
            Dispatch back = sink.get(0, new Dispatch());
            assertThat(back.pid).isEqualTo(7);
            assertThat(back.enqSeq).isEqualTo(9);
            assertThat(back.cpu).isEqualTo(Dispatch.ANY_CPU);
            assertThat(back.sliceNs).isEqualTo(5_000_000);
            assertThat(back.vtime).isEqualTo(42);
        }
    }
}
