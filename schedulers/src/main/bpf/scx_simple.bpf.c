/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_simple: the smallest useful sched_ext scheduler.
 *
 * Waking tasks first look for an idle CPU (the kernel's default idle picking
 * in select_cpu); when one is found the task goes straight to that CPU's local
 * DSQ and never touches a shared queue. Every other runnable task is queued on
 * one shared user DSQ, which each CPU drains from dispatch when its local DSQ
 * runs dry.
 *
 * By default the shared DSQ is ordered by weighted virtual time: a task's
 * vtime advances by the time it ran scaled by 100/weight, so higher-weight
 * tasks get proportionally more CPU. A task that slept is brought forward to
 * at most one slice behind the current vtime, so sleeping banks no unbounded
 * credit. With fifo_sched set (option -f) the shared DSQ is plain FIFO.
 *
 * Per-CPU counters record how many tasks were dispatched locally (idle CPU
 * found) and through the shared queue; userspace sums and prints them.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

/* Set by userspace before load. */
const volatile bool fifo_sched;

#define SHARED_DSQ 0

enum simple_stat { STAT_LOCAL, STAT_GLOBAL, NR_SIMPLE_STATS };

SCX_COUNTERS(stats, NR_SIMPLE_STATS);

/* The largest vtime of any task that started running: the queue's "now". */
static u64 vtime_now;

s32 BPF_STRUCT_OPS(simple_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle) {
		scx_count(&stats, STAT_LOCAL);
		scx_bpf_dsq_insert(p, scx_dsq_local_id, scx_slice_dfl_ns, 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(simple_enqueue, struct task_struct *p, u64 enq_flags)
{
	scx_count(&stats, STAT_GLOBAL);

	if (fifo_sched) {
		scx_bpf_dsq_insert(p, SHARED_DSQ, scx_slice_dfl_ns, enq_flags);
		return;
	}

	u64 vtime = p->scx.dsq_vtime;
	/* A task that slept gets at most one slice of credit. */
	if (vtime_before(vtime, vtime_now - scx_slice_dfl_ns))
		vtime = vtime_now - scx_slice_dfl_ns;
	scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, scx_slice_dfl_ns, vtime, enq_flags);
}

void BPF_STRUCT_OPS(simple_dispatch, s32 cpu, struct task_struct *prev)
{
	scx_bpf_dsq_move_to_local(SHARED_DSQ, 0);
}

void BPF_STRUCT_OPS(simple_running, struct task_struct *p)
{
	if (fifo_sched)
		return;
	/* Tasks start in vtime order, so this only moves forward (wrap-safe). */
	if (vtime_before(vtime_now, p->scx.dsq_vtime))
		vtime_now = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(simple_stopping, struct task_struct *p, bool runnable)
{
	if (fifo_sched)
		return;
	/* Charge the part of the slice used, scaled inversely by weight (100 = nice 0). */
	u64 used = scx_slice_dfl_ns - p->scx.slice;
	scx_task_set_dsq_vtime(p, p->scx.dsq_vtime + used * 100 / p->scx.weight);
}

void BPF_STRUCT_OPS(simple_enable, struct task_struct *p)
{
	scx_task_set_dsq_vtime(p, vtime_now);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(simple_init)
{
	return scx_bpf_create_dsq(SHARED_DSQ, -1);
}

void BPF_STRUCT_OPS(simple_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops simple_ops = {
	.select_cpu = (void *)simple_select_cpu,
	.enqueue = (void *)simple_enqueue,
	.dispatch = (void *)simple_dispatch,
	.running = (void *)simple_running,
	.stopping = (void *)simple_stopping,
	.enable = (void *)simple_enable,
	.init = (void *)simple_init,
	.exit = (void *)simple_exit,
	.name = "simple",
};
