/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_bpfland: interactive tasks first, by virtual deadline.
 *
 * Every task goes by deadline (scx/deadline.bpf.h): its vruntime plus what it
 * ran since it last slept, with a sleep credit that grows with its wake-up
 * rate, so a task that wakes often and runs briefly overtakes CPU hogs.
 * A waking task that finds an idle CPU (scx/idle.bpf.h) is queued on that
 * CPU's own deadline DSQ; everything else goes to its node's deadline DSQ.
 * A CPU runs the earlier of the two heads, else what waits on another CPU's
 * DSQ. Slices shrink as tasks wait.
 * Optional: per-CPU tasks and kthreads straight to the local DSQ (-p, -k),
 * tasks that run in tiny bursts kept on their CPU (-S), idle cycles injected
 * by a timer (-t), and CPU frequency following load (-f).
 */
#include <scx/common.bpf.h>
#include <scx/idle.bpf.h>
#include <scx/deadline.bpf.h>
#include <scx/cpufreq.bpf.h>
#include <scx/throttle.bpf.h>

char _license[] SEC("license") = "GPL";

/* Set by userspace before load. */
const volatile u64 slice_max = 1000000;		/* -s */
const volatile u64 slice_min;			/* -L */
const volatile u64 slice_lag = 40000000;	/* -l */
const volatile u64 throttle_ns;			/* -t */
const volatile bool local_pcpu;			/* -p */
const volatile bool local_kthreads;		/* -k */
const volatile bool no_wake_sync;		/* -w */
const volatile bool sticky_tasks;		/* -S */
const volatile bool cpufreq_enabled;		/* -f */

/* Tasks running now, for the stats. */
u64 nr_running;

enum bpfland_stat { STAT_KTHREAD, STAT_DIRECT, STAT_SHARED, NR_BPFLAND_STATS };

SCX_COUNTERS(stats, NR_BPFLAND_STATS);

/* Each CPU's own deadline DSQ has the CPU's id; each node's comes after all of them. */
static __always_inline u64 cpu_dsq(s32 cpu)
{
	return cpu;
}

static __always_inline u64 node_dsq(s32 cpu)
{
	return SCX_IDLE_MAX_CPUS + scx_idle_node(cpu);
}

/* Tasks waiting for cpu: on its own DSQ and its node's. */
static __always_inline u64 nr_waiting(s32 cpu)
{
	return scx_bpf_dsq_nr_queued(cpu_dsq(cpu)) + scx_bpf_dsq_nr_queued(node_dsq(cpu));
}

/* The base slice shared among the tasks waiting for cpu, never below -L. */
static __always_inline u64 task_slice(const struct task_struct *p, s32 cpu)
{
	return scx_dl_slice(p, slice_max, nr_waiting(cpu), slice_min);
}

/*
 * p's deadline on cpu. Its sleep credit is the slice lag times its wake-up rate, capped
 * at 64 wake-ups per 100 ms and shrunk as tasks queue up, so that those already waiting
 * get a CPU within half a second (a tenth of the watchdog's 5 s).
 */
static __always_inline u64 task_deadline(struct task_struct *p, struct scx_dl_task *t, s32 cpu)
{
	return scx_dl_deadline_scaled(p, t, slice_lag,
				      scx_dl_lag_scale(min_u64(t->wake_freq, 64), nr_waiting(cpu), slice_max, 500000000));
}

/* Queues p by deadline on cpu's own DSQ; returns that deadline. */
static u64 queue_cpu(struct task_struct *p, struct scx_dl_task *t, s32 cpu, u64 enq_flags)
{
	u64 dl = task_deadline(p, t, cpu);

	scx_count(&stats, STAT_DIRECT);
	scx_bpf_dsq_insert_vtime(p, cpu_dsq(cpu), task_slice(p, cpu), dl, enq_flags);
	return dl;
}

/* Queues p on cpu's own DSQ; a woken task preempts a later deadline running there. */
static void insert_cpu(struct task_struct *p, struct scx_dl_task *t, s32 cpu, u64 enq_flags)
{
	scx_dl_preempt(p, cpu, queue_cpu(p, t, cpu, enq_flags), slice_max);
}

/* A synchronous wake-up (the waker is about to sleep) may take the waker's CPU if nothing waits there. */
static bool take_wakers_cpu(const struct task_struct *p, s32 prev_cpu, s32 this_cpu, u64 wake_flags)
{
	struct task_struct *waker = (void *)bpf_get_current_task_btf();

	return !no_wake_sync && (wake_flags & SCX_WAKE_SYNC) && !(waker->flags & PF_EXITING) &&
	       bpf_cpumask_test_cpu(this_cpu, p->cpus_ptr) && scx_idle_cpu_valid(prev_cpu) &&
	       scx_idle_cpu_valid(this_cpu) &&
	       idle_cpu_llc[SCX_IDLE_IDX(this_cpu)] == idle_cpu_llc[SCX_IDLE_IDX(prev_cpu)] &&
	       !scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | this_cpu) && !scx_bpf_dsq_nr_queued(cpu_dsq(this_cpu));
}

s32 BPF_STRUCT_OPS(bpfland_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	s32 this_cpu = bpf_get_smp_processor_id(), cpu;
	struct scx_dl_task *t = scx_dl_task(p);

	if (!bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr))
		prev_cpu = bpf_cpumask_test_cpu(this_cpu, p->cpus_ptr) ? this_cpu : bpf_cpumask_first(p->cpus_ptr);
	cpu = scx_pick_idle_cpu(p, prev_cpu);
	if (!t)
		return prev_cpu;
	if (cpu >= 0) {
		insert_cpu(p, t, cpu, 0);
		return cpu;
	}
	/* The waker said it is about to sleep: p waits for that, without preempting it. */
	if (take_wakers_cpu(p, prev_cpu, this_cpu, wake_flags)) {
		queue_cpu(p, t, this_cpu, 0);
		return this_cpu;
	}
	return prev_cpu;
}

void BPF_STRUCT_OPS(bpfland_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 prev_cpu = scx_bpf_task_cpu(p), cpu;
	struct scx_dl_task *t = scx_dl_task(p);
	u64 dl;
	bool selected = scx_enq_cpu_selected(enq_flags);
	/* Worth looking for another CPU: select_cpu did not (and, with -S, it is not a requeue). */
	bool migrate = !selected && (!sticky_tasks || !scx_bpf_task_running(p));

	if (!t)
		return;
	/* Tasks that run in bursts of under 10 us would mostly contend on the shared DSQs (-S). */
	if (sticky_tasks && t->avg_runtime < 10000) {
		scx_count(&stats, STAT_DIRECT);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, prev_cpu), enq_flags);
		return;
	}
	if (local_kthreads && scx_task_percpu_kthread(p)) {
		scx_count(&stats, STAT_KTHREAD);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, prev_cpu), enq_flags);
		return;
	}
	/* It cannot go elsewhere: its CPU's own DSQ, where its deadline still counts (or ahead of all with -p). */
	if (scx_task_pinned(p)) {
		if (local_pcpu) {
			scx_count(&stats, STAT_DIRECT);
			scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, task_slice(p, prev_cpu), enq_flags);
		} else {
			insert_cpu(p, t, prev_cpu, enq_flags);
		}
		return;
	}
	if (migrate || scx_idle_smt_contended(prev_cpu)) {
		cpu = scx_pick_idle_cpu(p, prev_cpu);
		if (cpu >= 0) {
			insert_cpu(p, t, cpu, enq_flags);
			if (cpu != prev_cpu || !scx_bpf_task_running(p))
				scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
			return;
		}
	}
	dl = task_deadline(p, t, prev_cpu);
	scx_count(&stats, STAT_SHARED);
	scx_bpf_dsq_insert_vtime(p, node_dsq(prev_cpu), task_slice(p, prev_cpu), dl, enq_flags);
	if (!scx_dl_preempt(p, prev_cpu, dl, slice_max) && migrate)
		scx_bpf_kick_cpu(prev_cpu, SCX_KICK_IDLE);
}

/*
 * A task queued on another CPU's own DSQ that may run here: no task waits while a CPU has
 * nothing to do, and a CPU going offline strands none. Such a CPU runs only tasks bound to
 * it, and taking it down waits for RCU, whose kthread may be queued there.
 */
static bool steal(s32 cpu)
{
	s32 i, other;

	bpf_for(i, 1, idle_nr_cpus) {
		other = (cpu + i) % idle_nr_cpus;
		if (scx_bpf_dsq_nr_queued(cpu_dsq(other)) && scx_bpf_dsq_move_to_local(cpu_dsq(other), 0))
			return true;
	}
	return false;
}

void BPF_STRUCT_OPS(bpfland_dispatch, s32 cpu, struct task_struct *prev)
{
	u64 mine = cpu_dsq(cpu), node = node_dsq(cpu);

	if (scx_throttled)
		return;
	/* The earlier deadline of the two heads first. */
	if (scx_bpf_dsq_nr_queued(mine) && scx_bpf_dsq_nr_queued(node) &&
	    scx_dl_dsq_first(node) < scx_dl_dsq_first(mine)) {
		mine = node;
		node = cpu_dsq(cpu);
	}
	if (scx_bpf_dsq_move_to_local(mine, 0) || scx_bpf_dsq_move_to_local(node, 0) || steal(cpu))
		return;
	/* Nobody else wants this CPU: prev runs on, unless a whole idle core would serve it better. */
	if (prev && (prev->scx.flags & bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_QUEUED)) &&
	    (scx_task_pinned(prev) || !scx_idle_smt_contended(cpu)))
		scx_task_set_slice(prev, task_slice(prev, cpu));
}

void BPF_STRUCT_OPS(bpfland_runnable, struct task_struct *p, u64 enq_flags)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		scx_dl_runnable(t, bpf_ktime_get_ns());
}

void BPF_STRUCT_OPS(bpfland_running, struct task_struct *p)
{
	struct scx_dl_task *t = scx_dl_task(p);

	__sync_fetch_and_add(&nr_running, 1);
	if (t)
		scx_dl_running(p, t, bpf_ktime_get_ns());
	if (cpufreq_enabled)
		scx_cpufreq_update(scx_bpf_task_cpu(p));
}

void BPF_STRUCT_OPS(bpfland_stopping, struct task_struct *p, bool runnable)
{
	struct scx_dl_task *t = scx_dl_task(p);
	u64 now = bpf_ktime_get_ns(), ran;

	__sync_fetch_and_sub(&nr_running, 1);
	if (!t)
		return;
	ran = scx_dl_stopping(p, t, now, slice_lag);
	if (cpufreq_enabled)
		scx_cpufreq_account(ran, now);
}

void BPF_STRUCT_OPS(bpfland_enable, struct task_struct *p)
{
	scx_dl_enable(p);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(bpfland_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	return scx_dl_init_task(p) ?: scx_idle_init_task(p);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(bpfland_init)
{
	int err;
	s32 cpu;

	bpf_for(cpu, 0, idle_nr_cpus) {
		if ((err = scx_idle_create_dsq(cpu_dsq(cpu))) || (err = scx_idle_create_dsq(node_dsq(cpu))))
			return err;
	}
	return scx_throttle_start(slice_max, throttle_ns) ?: scx_idle_init();
}

void BPF_STRUCT_OPS(bpfland_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops bpfland_ops = {
	.select_cpu = (void *)bpfland_select_cpu,
	.enqueue = (void *)bpfland_enqueue,
	.dispatch = (void *)bpfland_dispatch,
	.runnable = (void *)bpfland_runnable,
	.running = (void *)bpfland_running,
	.stopping = (void *)bpfland_stopping,
	.enable = (void *)bpfland_enable,
	.init_task = (void *)bpfland_init_task,
	.init = (void *)bpfland_init,
	.exit = (void *)bpfland_exit,
	.flags = SCX_OPS_ENQ_LAST,
	.timeout_ms = 5000,
	.name = "bpfland",
};
