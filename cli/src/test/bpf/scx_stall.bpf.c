/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_stall: a test fixture, not a scheduler to use. It runs every task
 * through the global DSQ except the one whose pid is stall_pid, which it
 * parks on a user DSQ that nothing ever consumes. The kernel's watchdog must
 * then end it with SCX_EXIT_ERROR_STALL after timeout_ms (set short by the
 * test), which the runtime reports as "EXIT: ..." and a non-zero exit.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

const volatile s32 stall_pid;

#define PARKING_DSQ 7

s32 BPF_STRUCT_OPS(stall_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	/* No direct dispatch: every task must pass through enqueue. */
	return prev_cpu;
}

void BPF_STRUCT_OPS(stall_enqueue, struct task_struct *p, u64 enq_flags)
{
	if (p->pid == stall_pid)
		scx_bpf_dsq_insert(p, PARKING_DSQ, scx_slice_dfl_ns, enq_flags);
	else
		scx_bpf_dsq_insert(p, scx_dsq_global_id, scx_slice_dfl_ns, enq_flags);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(stall_init)
{
	return scx_bpf_create_dsq(PARKING_DSQ, -1);
}

void BPF_STRUCT_OPS(stall_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops stall_ops = {
	.select_cpu = (void *)stall_select_cpu,
	.enqueue = (void *)stall_enqueue,
	.init = (void *)stall_init,
	.exit = (void *)stall_exit,
	.name = "stall",
};
