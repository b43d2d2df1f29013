/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_prev: scx_simple's idea with one change of priority in select_cpu.
 *
 * A waking task goes back to the CPU it last ran on when that CPU is idle
 * (its caches are likely still warm there), and only otherwise to any idle
 * CPU it may run on. Either way it is inserted straight into that CPU's local
 * DSQ. When no CPU is idle, select_cpu keeps the previous CPU and inserts
 * nothing, so the kernel's default enqueue puts the task on the global DSQ,
 * which every CPU drains in FIFO order. That is the whole scheduler: aimed at
 * simple topologies (one LLC, no NUMA), where preferring the previous CPU
 * beats looking for a wholly idle core.
 *
 * Per-CPU counters: local (inserted from select_cpu), select_fail (no idle
 * CPU found), prev_cpu and idle_cpu (which choice found the idle CPU).
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

enum prev_stat { STAT_LOCAL, STAT_SELECT_FAIL, STAT_PREV_CPU, STAT_IDLE_CPU, NR_PREV_STATS };

SCX_COUNTERS(stats, NR_PREV_STATS);

s32 BPF_STRUCT_OPS(prev_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 cpu = prev_cpu;

	/* Claiming prev_cpu's idle bit makes it ours; the affinity test guards a mask changed since. */
	if (bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr) && scx_bpf_test_and_clear_cpu_idle(prev_cpu)) {
		scx_count(&stats, STAT_PREV_CPU);
	} else if ((cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0)) >= 0) {
		scx_count(&stats, STAT_IDLE_CPU);
	} else {
		/* Nothing idle: the default enqueue path queues it on the global DSQ. */
		scx_count(&stats, STAT_SELECT_FAIL);
		return prev_cpu;
	}
	scx_count(&stats, STAT_LOCAL);
	scx_bpf_dsq_insert(p, scx_dsq_local_id, scx_slice_dfl_ns, 0);
	return cpu;
}

void BPF_STRUCT_OPS(prev_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops prev_ops = {
	.select_cpu = (void *)prev_select_cpu,
	.exit = (void *)prev_exit,
	.name = "prev",
};
