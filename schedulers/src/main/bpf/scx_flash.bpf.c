/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flash: earliest deadline first, fair to tasks and to cgroups alike.
 *
 * A task's weight is its nice weight times its cgroup's cpu.weight / 100, so
 * busy cgroups share the CPUs by their weights as tasks do by nice. Every task
 * goes by deadline (scx/deadline.bpf.h: vruntime plus what it ran since it
 * last slept, with a sleep credit that grows with its wake-up rate) on its
 * node's DSQ, with a slice scaled by that weight; a waking task that finds an
 * idle CPU (scx/idle.bpf.h) runs there at once. A CPU keeps its task while no
 * earlier deadline waits.
 * Optional: tickless (-T: infinite slices, a timer preempts a task that ran
 * past -s while others wait), round robin (-R: equal slices, FIFO on each
 * CPU), --wakeup-throttle (tasks that wake only to run under 10 us lose their
 * head start), idle injection (-t) and CPU frequency following load (-f).
 */
#include <scx/common.bpf.h>
#include <scx/idle.bpf.h>
#include <scx/deadline.bpf.h>
#include <scx/cpufreq.bpf.h>
#include <scx/throttle.bpf.h>

char _license[] SEC("license") = "GPL";

/* Set by userspace before load. */
const volatile u64 slice_max = 700000;		/* -s */
const volatile u64 slice_lag = 20000000;	/* -l */
const volatile u64 throttle_ns;			/* -t */
const volatile bool tickless;			/* -T */
const volatile bool rr_sched;			/* -R */
const volatile bool wakeup_throttle;		/* --wakeup-throttle */
const volatile bool cpufreq_enabled;		/* -f */

/* Tasks running now, for the stats. */
u64 nr_running;

/* Per CPU: when its current task started running, 0 while idle (-T). */
static u64 running_since[SCX_IDLE_MAX_CPUS];

enum flash_stat { STAT_KTHREAD, STAT_DIRECT, STAT_SHARED, NR_FLASH_STATS };

SCX_COUNTERS(stats, NR_FLASH_STATS);

/* Each cgroup's cpu.weight, kept by the cgroup callbacks. */
struct flash_cgroup {
	u64 weight;
};

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct flash_cgroup);
} cgroups SEC(".maps");

struct tick_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct tick_timer);
} tick_timer SEC(".maps");

static __always_inline u64 node_dsq(s32 cpu)
{
	return scx_idle_node(cpu);
}

/* -s scaled by p's weight, its cgroup's share included; infinite when tickless. */
static u64 task_slice(const struct task_struct *p, const struct scx_dl_task *t)
{
	if (tickless)
		return SCX_SLICE_INF;
	return t ? scx_scale_by_weight(scx_dl_weight(p, t), slice_max) : slice_max;
}

/*
 * p's deadline, its sleep credit scaled by its wake-up rate (at most 100 per 100 ms).
 * With --wakeup-throttle a task whose runs average under 10 us (it wakes only to go
 * back to sleep) gets a slice lag later: its wake-up rate must not buy it the CPU.
 */
static u64 task_deadline(struct task_struct *p, struct scx_dl_task *t)
{
	u64 dl = scx_dl_deadline_scaled(p, t, slice_lag, max_u64(min_u64(t->wake_freq, 100), 1));

	if (wakeup_throttle && !scx_task_percpu_kthread(p) && t->avg_runtime && t->avg_runtime < 10000)
		dl += slice_lag;
	return dl;
}

/* cgrp's cpu.weight (100 where it has none recorded). */
static u64 cgroup_weight(struct cgroup *cgrp)
{
	struct flash_cgroup *c = bpf_cgrp_storage_get(&cgroups, cgrp, 0, 0);

	return c && c->weight ? c->weight : 100;
}

s32 BPF_STRUCT_OPS(flash_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 cpu;

	if (scx_throttled)
		return prev_cpu;
	cpu = scx_pick_idle_cpu(p, prev_cpu);
	/* An idle CPU takes it now; with -R every waking task goes straight to a CPU's FIFO. */
	if (cpu >= 0 || rr_sched) {
		scx_count(&stats, STAT_DIRECT);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, scx_dl_task(p)), 0);
	}
	return cpu >= 0 ? cpu : prev_cpu;
}

void BPF_STRUCT_OPS(flash_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 prev_cpu = scx_bpf_task_cpu(p), cpu;
	struct scx_dl_task *t = scx_dl_task(p);
	u64 dl;
	bool running = scx_bpf_task_running(p), requeued = enq_flags & SCX_ENQ_REENQ;
	/* Worth looking for an idle CPU: select_cpu did not (or its CPU got taken), or, by
	 * deadline, its slice ended or it shares a core while a whole core idles. */
	bool look = rr_sched ? !running || requeued
			     : running || requeued || !scx_enq_cpu_selected(enq_flags) || scx_idle_smt_contended(prev_cpu);

	/* Kthreads bound to a CPU run at once while idle cycles are injected (-t): the system needs them. */
	if (throttle_ns && scx_task_percpu_kthread(p)) {
		scx_count(&stats, STAT_KTHREAD);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, t), enq_flags);
		if (!running)
			scx_bpf_kick_cpu(prev_cpu, SCX_KICK_IDLE);
		return;
	}
	if (look && (cpu = scx_pick_idle_cpu(p, prev_cpu)) >= 0) {
		scx_count(&stats, STAT_DIRECT);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, task_slice(p, t), enq_flags);
		if (cpu != prev_cpu || !running)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}
	if (rr_sched || !t) {
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, t), enq_flags);
		return;
	}
	dl = task_deadline(p, t);
	scx_count(&stats, STAT_SHARED);
	scx_bpf_dsq_insert_vtime(p, node_dsq(prev_cpu), task_slice(p, t), dl, enq_flags);
	if (!scx_dl_preempt(p, prev_cpu, dl, slice_max) && !running && !scx_enq_cpu_selected(enq_flags))
		scx_bpf_kick_cpu(prev_cpu, SCX_KICK_IDLE);
}

/* Whether prev, whose slice ended, may stay on cpu: it cannot leave, or cpu is primary and has its core to itself. */
static bool keeps_cpu(struct task_struct *prev, s32 cpu)
{
	if (!(prev->scx.flags & bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_QUEUED)))
		return false;
	return scx_task_pinned(prev) || (scx_idle_in_primary(cpu) && !scx_idle_smt_contended(cpu));
}

void BPF_STRUCT_OPS(flash_dispatch, s32 cpu, struct task_struct *prev)
{
	struct scx_dl_task *t = prev ? scx_dl_task(prev) : NULL;
	bool keep = prev && keeps_cpu(prev, cpu);

	if (scx_throttled)
		return;
	/* prev runs on while its deadline, with what it just ran charged, is still the earliest. */
	if (keep && t && !rr_sched &&
	    scx_dl_current(prev, t, bpf_ktime_get_ns() - t->last_run_at) < scx_dl_dsq_first(node_dsq(cpu))) {
		scx_task_set_slice(prev, task_slice(prev, t));
		return;
	}
	if (scx_bpf_dsq_move_to_local(node_dsq(cpu), 0))
		return;
	if (keep)
		scx_task_set_slice(prev, task_slice(prev, t));
}

void BPF_STRUCT_OPS(flash_runnable, struct task_struct *p, u64 enq_flags)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		scx_dl_runnable(t, bpf_ktime_get_ns());
}

void BPF_STRUCT_OPS(flash_running, struct task_struct *p)
{
	struct scx_dl_task *t = scx_dl_task(p);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 now = bpf_ktime_get_ns();

	__sync_fetch_and_add(&nr_running, 1);
	if (tickless && scx_idle_cpu_valid(cpu))
		running_since[SCX_IDLE_IDX(cpu)] = now;
	if (t)
		scx_dl_running(p, t, now);
	if (cpufreq_enabled)
		scx_cpufreq_update(cpu);
}

/* Charges what p ran, by its weight as its cgroup's cpu.weight stands now (it may have changed). */
void BPF_STRUCT_OPS(flash_stopping, struct task_struct *p, bool runnable)
{
	struct scx_dl_task *t = scx_dl_task(p);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 now = bpf_ktime_get_ns(), ran;
	struct cgroup *cgrp;

	__sync_fetch_and_sub(&nr_running, 1);
	if (tickless && scx_idle_cpu_valid(cpu))
		running_since[SCX_IDLE_IDX(cpu)] = 0;
	if (!t)
		return;
	cgrp = scx_bpf_task_cgroup(p);
	t->cgroup_weight = cgroup_weight(cgrp);
	bpf_cgroup_release(cgrp);
	ran = scx_dl_stopping(p, t, now, slice_lag);
	if (cpufreq_enabled)
		scx_cpufreq_account(ran, now);
}

void BPF_STRUCT_OPS(flash_enable, struct task_struct *p)
{
	scx_dl_enable(p);
}

/* A new task counts as in a cgroup of weight 100 until it first stops (args->cgroup is not a pointer BPF may pass on). */
s32 BPF_STRUCT_OPS_SLEEPABLE(flash_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	return scx_dl_init_task(p) ?: scx_idle_init_task(p);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(flash_cgroup_init, struct cgroup *cgrp, struct scx_cgroup_init_args *args)
{
	struct flash_cgroup *c = bpf_cgrp_storage_get(&cgroups, cgrp, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!c)
		return -ENOMEM;
	c->weight = args->weight;
	return 0;
}

void BPF_STRUCT_OPS(flash_cgroup_set_weight, struct cgroup *cgrp, u32 weight)
{
	struct flash_cgroup *c = bpf_cgrp_storage_get(&cgroups, cgrp, 0, 0);

	if (c)
		c->weight = weight;
}

void BPF_STRUCT_OPS(flash_cgroup_move, struct task_struct *p, struct cgroup *from, struct cgroup *to)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		t->cgroup_weight = cgroup_weight(to);
}

/* -T: every -s, preempts each task that has run longer than -s while others wait for its CPU. */
static int tick_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	u64 now = bpf_ktime_get_ns();
	s32 cpu;

	bpf_for(cpu, 0, idle_nr_cpus) {
		u64 since;

		if (cpu >= SCX_IDLE_MAX_CPUS)
			break;
		since = running_since[SCX_IDLE_IDX(cpu)];
		if (since && scx_older_than(since, now, slice_max) &&
		    (scx_bpf_dsq_nr_queued(node_dsq(cpu)) || scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | cpu)))
			scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	}
	if (bpf_timer_start(timer, slice_max, 0))
		scx_bpf_error("cannot re-arm the tick timer");
	return 0;
}

static int tick_start(void)
{
	struct tick_timer *tt;
	u32 zero = 0;

	if (!tickless)
		return 0;
	tt = bpf_map_lookup_elem(&tick_timer, &zero);
	if (!tt)
		return -EINVAL;
	bpf_timer_init(&tt->timer, &tick_timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&tt->timer, tick_timerfn);
	return bpf_timer_start(&tt->timer, slice_max, 0);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(flash_init)
{
	int err;
	s32 cpu;

	bpf_for(cpu, 0, idle_nr_cpus) {
		if ((err = scx_idle_create_dsq(node_dsq(cpu))))
			return err;
	}
	return tick_start() ?: scx_throttle_start(slice_max, throttle_ns) ?: scx_idle_init();
}

void BPF_STRUCT_OPS(flash_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops flash_ops = {
	.select_cpu = (void *)flash_select_cpu,
	.enqueue = (void *)flash_enqueue,
	.dispatch = (void *)flash_dispatch,
	.runnable = (void *)flash_runnable,
	.running = (void *)flash_running,
	.stopping = (void *)flash_stopping,
	.enable = (void *)flash_enable,
	.init_task = (void *)flash_init_task,
	.cgroup_init = (void *)flash_cgroup_init,
	.cgroup_set_weight = (void *)flash_cgroup_set_weight,
	.cgroup_move = (void *)flash_cgroup_move,
	.init = (void *)flash_init,
	.exit = (void *)flash_exit,
	.flags = SCX_OPS_ENQ_LAST,
	.timeout_ms = 5000,
	.name = "flash",
};
