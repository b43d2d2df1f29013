package org.scx4j.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Queries over the running kernel's BTF, with facts true of every kernel this runs on. */
class BtfTest {
    @Test
    void kernelFunctionsExistOrNot() {
        Btf vmlinux = Btf.vmlinux();
        assertThat(vmlinux.hasFunc("bpf_task_acquire")).isTrue(); // a kfunc since 6.2
        assertThat(vmlinux.hasFunc("scx4j_no_such_kfunc")).isFalse();
    }

    @Test
    void enumValuesByEnumeratorOrByEnum() {
        Btf vmlinux = Btf.vmlinux();
        assertThat(vmlinux.enumValue("BPF_MAP_TYPE_RINGBUF")).hasValue(27);
        assertThat(vmlinux.enumValue("bpf_map_type", "BPF_MAP_TYPE_USER_RINGBUF")).hasValue(31);
        assertThat(vmlinux.enumValue("bpf_map_type", "BPF_PROG_TYPE_SYSCALL")).isEmpty();
        assertThat(vmlinux.enumValue("SCX4J_NO_SUCH_ENUMERATOR")).isEmpty();
        var named = vmlinux.enumerators(java.util.List.of("bpf_map_type", "scx4j_no_such_enum"));
        assertThat(named).containsEntry("BPF_MAP_TYPE_RINGBUF", 27L).containsEntry("BPF_MAP_TYPE_USER_RINGBUF", 31L)
                .doesNotContainKey("BPF_PROG_TYPE_SYSCALL");
    }

    @Test
    void structMembersAndSizes() {
        Btf vmlinux = Btf.vmlinux();
        assertThat(vmlinux.hasMember("task_struct", "pid")).isTrue();
        assertThat(vmlinux.hasMember("task_struct", "scx4j_nope")).isFalse();
        assertThat(vmlinux.hasMember("scx4j_no_struct", "pid")).isFalse();
        assertThat(vmlinux.structSize("bpf_spin_lock")).hasValue(4);
        assertThat(vmlinux.memberOffset("list_head", "prev")).hasValue(8);
    }

    @Test
    void aVmlinuxLoadedForOneUseAnswersUntilClosedThenRefuses() {
        Btf once = Btf.loadVmlinux();
        assertThat(once.enumValue("bpf_map_type", "BPF_MAP_TYPE_RINGBUF")).hasValue(27);
        once.close();
        once.close();
        assertThatThrownBy(() -> once.enumValue("bpf_map_type", "BPF_MAP_TYPE_RINGBUF"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("was freed");
        assertThat(Btf.vmlinux().enumValue("bpf_map_type", "BPF_MAP_TYPE_RINGBUF")).as("the shared copy is untouched").hasValue(27);
    }
}
