/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_cosmos: locality first, deadlines when saturated.
 *
 * While the system is not busy (the CPUs' average utilization, which Java
 * polls from /proc/stat into cpu_util_avg, is below busy_threshold), a task
 * that finds no idle CPU stays on its previous CPU's local DSQ: it keeps its
 * caches and takes no shared lock. Once it is busy, tasks go to a shared DSQ
 * (one per NUMA node)
 * ordered by virtual deadline (scx/deadline.bpf.h), which spreads the load and
 * lets short-burst tasks overtake CPU hogs. Idle CPUs are found through
 * scx/idle.bpf.h (primary domain, whole SMT cores, LLC, node), and each CPU's
 * frequency follows its load (scx/cpufreq.bpf.h).
 */
#include <scx/common.bpf.h>
#include <scx/idle.bpf.h>
#include <scx/deadline.bpf.h>
#include <scx/cpufreq.bpf.h>

char _license[] SEC("license") = "GPL";

/* Set by userspace before load. */
const volatile u64 slice_ns = 1000000;		/* -s */
const volatile u64 slice_lag = 20000000;	/* -l */
const volatile u64 busy_threshold;		/* -c, as a share of 1024 */
const volatile bool cpufreq_enabled = true;	/* no -f */
const volatile bool mm_affinity;		/* -a */
const volatile bool time_preemption;		/* --time-preemption */

#define SHARED_DSQ 0

/* The CPUs' average user utilization, 0..1024, written by userspace every -p ms. */
volatile u64 cpu_util_avg;

enum cosmos_stat { STAT_LOCAL, STAT_IDLE, STAT_SHARED, STAT_AFFINE, STAT_PREEMPT, NR_COSMOS_STATS };

SCX_COUNTERS(stats, NR_COSMOS_STATS);

/* Whether the system is saturated: tasks then go by deadline through the shared DSQ. */
static __always_inline bool system_busy(void)
{
	return cpu_util_avg >= busy_threshold;
}

static __always_inline u64 shared_dsq(s32 cpu)
{
	return SHARED_DSQ + scx_idle_node(cpu);
}

static __always_inline u64 task_slice(const struct task_struct *p)
{
	return scx_scale_by_weight(p->scx.weight, slice_ns);
}

/* Into cpu's local DSQ; a CPU other than where p runs is woken if idle. */
static void insert_local(struct task_struct *p, s32 cpu, u64 enq_flags, u32 stat)
{
	scx_count(&stats, stat);
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, task_slice(p), enq_flags);
	if (cpu != scx_bpf_task_cpu(p) || !scx_bpf_task_running(p))
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
}

s32 BPF_STRUCT_OPS(cosmos_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_struct *waker = (void *)bpf_get_current_task_btf();
	s32 this_cpu = bpf_get_smp_processor_id(), cpu;
	bool busy;

	if (!bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr))
		prev_cpu = bpf_cpumask_test_cpu(this_cpu, p->cpus_ptr) ? this_cpu : bpf_cpumask_first(p->cpus_ptr);
	busy = system_busy();

	/* A thread woken by one of its own process on the CPU it last ran on: caches are warm there. */
	if (mm_affinity && !busy && this_cpu == prev_cpu && p->mm && p->mm == waker->mm &&
	    !(waker->flags & PF_EXITING)) {
		scx_count(&stats, STAT_AFFINE);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p), 0);
		return prev_cpu;
	}

	cpu = scx_pick_idle_cpu(p, prev_cpu);
	if (cpu >= 0 || !busy) {
		scx_count(&stats, cpu >= 0 ? STAT_IDLE : STAT_LOCAL);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p), 0);
		return cpu >= 0 ? cpu : prev_cpu;
	}
	return prev_cpu;
}

void BPF_STRUCT_OPS(cosmos_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 prev_cpu = scx_bpf_task_cpu(p), cpu;
	struct scx_dl_task *t = scx_dl_task(p);
	u64 dl;
	/* A wake-up select_cpu did not see (or a requeue of a task that is not running). */
	bool unplaced = !scx_bpf_task_running(p) && !scx_enq_cpu_selected(enq_flags);
	/* Its slice ended with nothing else to run on its CPU (SCX_OPS_ENQ_LAST). */
	bool last = enq_flags & bpf_core_enum_value(enum scx_enq_flags, SCX_ENQ_LAST);

	if (!t)
		return;
	/* A wake-up select_cpu did not see, or a task beside a busy sibling while a whole core idles: an idle CPU. */
	if ((unplaced || scx_idle_smt_contended(prev_cpu)) && !scx_task_pinned(p)) {
		cpu = scx_pick_idle_cpu(p, prev_cpu);
		if (cpu >= 0) {
			insert_local(p, cpu, enq_flags, STAT_IDLE);
			return;
		}
	}
	/*
	 * A task outside the primary domain: an idle primary CPU. Dispatch never
	 * extends a slice there, so a busy task is checked at every slice end.
	 */
	if (!scx_idle_in_primary(prev_cpu) && !scx_task_pinned(p)) {
		cpu = scx_idle_pick_primary(p);
		if (cpu >= 0) {
			insert_local(p, cpu, enq_flags, STAT_IDLE);
			return;
		}
	}
	if (last || (!system_busy() && (scx_idle_in_primary(prev_cpu) || scx_task_pinned(p)))) {
		insert_local(p, prev_cpu, enq_flags, STAT_LOCAL);
		return;
	}
	dl = scx_dl_deadline(p, t, slice_lag);
	scx_count(&stats, STAT_SHARED);
	scx_bpf_dsq_insert_vtime(p, shared_dsq(prev_cpu), task_slice(p), dl, enq_flags);
	if (!scx_dl_preempt(p, prev_cpu, dl, slice_ns) && unplaced)
		scx_bpf_kick_cpu(prev_cpu, SCX_KICK_IDLE);
}

void BPF_STRUCT_OPS(cosmos_dispatch, s32 cpu, struct task_struct *prev)
{
	if (scx_bpf_dsq_move_to_local(shared_dsq(cpu), 0))
		return;
	/* Nobody else wants this CPU: prev runs on a new slice, unless a whole idle core or the primary domain would serve it better. */
	if (prev && (prev->scx.flags & bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_QUEUED)) &&
	    (scx_task_pinned(prev) || (!scx_idle_smt_contended(cpu) && scx_idle_in_primary(cpu))))
		scx_task_set_slice(prev, task_slice(prev));
}

void BPF_STRUCT_OPS(cosmos_tick, struct task_struct *p)
{
	struct scx_dl_task *t;
	s32 cpu;

	if (!time_preemption || !(t = scx_dl_task(p)))
		return;
	/* Past its slice with others waiting here, or beside a busy sibling while whole cores idle: give way. */
	cpu = scx_bpf_task_cpu(p);
	if (bpf_ktime_get_ns() - t->last_run_at > task_slice(p) &&
	    (scx_idle_smt_contended(cpu) ||
	     (system_busy() && (scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | cpu) ||
				scx_bpf_dsq_nr_queued(shared_dsq(cpu)))))) {
		scx_count(&stats, STAT_PREEMPT);
		scx_task_set_slice(p, 0);
	}
}

void BPF_STRUCT_OPS(cosmos_runnable, struct task_struct *p, u64 enq_flags)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		scx_dl_runnable(t, bpf_ktime_get_ns());
}

void BPF_STRUCT_OPS(cosmos_running, struct task_struct *p)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		scx_dl_running(p, t, bpf_ktime_get_ns());
	if (cpufreq_enabled)
		scx_cpufreq_update(scx_bpf_task_cpu(p));
}

void BPF_STRUCT_OPS(cosmos_stopping, struct task_struct *p, bool runnable)
{
	struct scx_dl_task *t = scx_dl_task(p);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 now = bpf_ktime_get_ns(), ran;

	if (!t)
		return;
	ran = scx_dl_stopping(p, t, now, slice_lag);
	/* Time on a slower CPU did less work: charge it by capacity. */
	if (scx_idle_cpu_valid(cpu) && idle_cpu_capacity[SCX_IDLE_IDX(cpu)])
		ran = ran * idle_cpu_capacity[SCX_IDLE_IDX(cpu)] / 1024;
	if (cpufreq_enabled)
		scx_cpufreq_account(ran, now);
}

void BPF_STRUCT_OPS(cosmos_enable, struct task_struct *p)
{
	scx_dl_enable(p);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(cosmos_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	return scx_dl_init_task(p) ?: scx_idle_init_task(p);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(cosmos_init)
{
	int err;
	s32 cpu;

	/* One shared DSQ per node that has CPUs (a single one without NUMA). */
	bpf_for(cpu, 0, idle_nr_cpus) {
		if ((err = scx_idle_create_dsq(shared_dsq(cpu))))
			return err;
	}
	return scx_idle_init();
}

void BPF_STRUCT_OPS(cosmos_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops cosmos_ops = {
	.select_cpu = (void *)cosmos_select_cpu,
	.enqueue = (void *)cosmos_enqueue,
	.dispatch = (void *)cosmos_dispatch,
	.tick = (void *)cosmos_tick,
	.runnable = (void *)cosmos_runnable,
	.running = (void *)cosmos_running,
	.stopping = (void *)cosmos_stopping,
	.enable = (void *)cosmos_enable,
	.init_task = (void *)cosmos_init_task,
	.init = (void *)cosmos_init,
	.exit = (void *)cosmos_exit,
	.flags = SCX_OPS_ENQ_LAST,
	.timeout_ms = 5000,
	.name = "cosmos",
};
