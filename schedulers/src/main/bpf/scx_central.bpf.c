/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_central: one CPU makes every scheduling decision.
 *
 * Runnable tasks are queued, by pid, on one BPF queue map in FIFO order. Only
 * the central CPU (central_cpu, -c) pops it: from its dispatch callback it
 * hands a task to each CPU that asked for one, inserting it straight into
 * that CPU's local DSQ (SCX_DSQ_LOCAL_ON) with an infinite slice, then picks
 * one for itself. Another CPU that runs dry raises its "gimme" flag and kicks
 * the central CPU, which preempts whatever runs there so that its dispatch
 * runs soon.
 *
 * With infinite slices no tick ends a task. A BPF timer pinned to the
 * central CPU fires every millisecond and preempts a CPU whose task has run
 * longer than slice_ns (-s) when work is waiting for it. A task the central
 * CPU pops for a CPU it may not run on goes to a fallback DSQ that every CPU
 * drains first (so does a task the full queue map cannot hold).
 *
 * Kernel threads bound to one CPU (ksoftirqd, which may run the timer
 * itself, kworkers, rcu) never wait for the central CPU: enqueue puts them
 * at the head of their own CPU's local DSQ and preempts it.
 *
 * The timer is started from the central CPU's first dispatch, not from
 * init: init may run on any CPU, and a timer is pinned to the CPU that
 * starts it.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define FALLBACK_DSQ 0
#define QUEUE_LEN 4096
#define MAX_CPUS 1024
#define TIMER_INTERVAL_NS (1000ULL * 1000)
#define CLOCK_MONOTONIC 1 /* uapi/linux/time.h */
#define ESRCH 3
#define E2BIG 7

/* Set by userspace before load. */
const volatile s32 central_cpu;
const volatile u64 slice_ns = 20ULL * 1000 * 1000;

/* Counters, read by userspace as upstream prints them. queued is the queue's current length. */
u64 nr_total, nr_locals, nr_queued, nr_lost_pids;
u64 nr_timers, nr_dispatches, nr_mismatches, nr_retries, nr_overflows;

static u32 nr_cpus;
static bool timer_started;

struct cpu_state {
	u64 started_at; /* when the running task started; 0: idle */
	bool gimme;     /* the CPU ran dry and waits for the central CPU */
};
static struct cpu_state cpus[MAX_CPUS];

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, QUEUE_LEN);
	__type(value, s32);
} central_q SEC(".maps");

struct central_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct central_timer);
} central_timer SEC(".maps");

static __always_inline struct cpu_state *cpu_state(s32 cpu)
{
	return cpu >= 0 && cpu < MAX_CPUS ? &cpus[cpu] : NULL;
}

s32 BPF_STRUCT_OPS(central_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	/* Only a hint: the kernel picks another CPU when p may not run on the central one. */
	return central_cpu;
}

void BPF_STRUCT_OPS(central_enqueue, struct task_struct *p, u64 enq_flags)
{
	s32 pid = p->pid;

	__sync_fetch_and_add(&nr_total, 1);

	if (scx_task_percpu_kthread(p)) {
		__sync_fetch_and_add(&nr_locals, 1);
		scx_bpf_dsq_insert(p, scx_dsq_local_id, SCX_SLICE_INF, enq_flags | SCX_ENQ_PREEMPT);
		return;
	}

	if (bpf_map_push_elem(&central_q, &pid, 0)) {
		__sync_fetch_and_add(&nr_overflows, 1);
		scx_bpf_dsq_insert(p, FALLBACK_DSQ, SCX_SLICE_INF, enq_flags);
		return;
	}
	__sync_fetch_and_add(&nr_queued, 1);

	/* A task re-queued while still running is the central CPU's own: no need to interrupt it. */
	if (!scx_bpf_task_running(p))
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
}

/* Pops tasks until one may run on cpu and inserts it there; those that may not go to the fallback DSQ. */
static bool dispatch_to_cpu(s32 cpu)
{
	struct task_struct *p;
	s32 pid;

	bpf_repeat(QUEUE_LEN) {
		if (bpf_map_pop_elem(&central_q, &pid))
			break;
		__sync_fetch_and_sub(&nr_queued, 1);

		p = bpf_task_from_pid(pid);
		if (!p) {
			__sync_fetch_and_add(&nr_lost_pids, 1);
			continue;
		}

		if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr) ||
		    (scx_task_migration_disabled(p) && scx_bpf_task_cpu(p) != cpu)) {
			__sync_fetch_and_add(&nr_mismatches, 1);
			scx_bpf_dsq_insert(p, FALLBACK_DSQ, SCX_SLICE_INF, 0);
			bpf_task_release(p);
			/* Out of dispatch slots: the next insert would fail; the caller retries. */
			if (!scx_bpf_dispatch_nr_slots())
				break;
			continue;
		}

		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, SCX_SLICE_INF, 0);
		if (cpu != central_cpu)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		bpf_task_release(p);
		return true;
	}
	return false;
}

static void start_timer_once(void)
{
	u32 key = 0;
	struct central_timer *t;
	int ret;

	if (timer_started)
		return;
	t = bpf_map_lookup_elem(&central_timer, &key);
	if (!t) {
		scx_bpf_error("central timer missing");
		return;
	}
	/* Pinned to this CPU, the central one (BPF_F_TIMER_CPU_PIN exists since 6.7). */
	ret = bpf_timer_start(&t->timer, TIMER_INTERVAL_NS, BPF_F_TIMER_CPU_PIN);
	if (ret) {
		scx_bpf_error("bpf_timer_start failed (%d)", ret);
		return;
	}
	timer_started = true;
}

void BPF_STRUCT_OPS(central_dispatch, s32 cpu, struct task_struct *prev)
{
	struct cpu_state *st;
	s32 i;

	if (cpu != central_cpu) {
		if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0))
			return;
		/* Ask the central CPU for a task, and make it look now. */
		st = cpu_state(cpu);
		if (st)
			st->gimme = true;
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
		return;
	}

	start_timer_once();
	__sync_fetch_and_add(&nr_dispatches, 1);

	/* The other CPUs first. */
	bpf_for(i, 0, nr_cpus) {
		if (!scx_bpf_dispatch_nr_slots())
			break;
		st = cpu_state(i);
		if (st && st->gimme && dispatch_to_cpu(i))
			st->gimme = false;
	}

	/*
	 * Out of slots, some CPUs may have been skipped; the kernel only calls
	 * dispatch again by itself when this CPU's local DSQ is empty, so kick
	 * this CPU to come back.
	 */
	if (!scx_bpf_dispatch_nr_slots()) {
		__sync_fetch_and_add(&nr_retries, 1);
		scx_bpf_kick_cpu(central_cpu, SCX_KICK_PREEMPT);
		return;
	}

	/* Then itself. */
	if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0))
		return;
	dispatch_to_cpu(central_cpu);
}

void BPF_STRUCT_OPS(central_running, struct task_struct *p)
{
	struct cpu_state *st = cpu_state(bpf_get_smp_processor_id());

	if (st)
		st->started_at = bpf_ktime_get_ns() ?: 1;
}

void BPF_STRUCT_OPS(central_stopping, struct task_struct *p, bool runnable)
{
	struct cpu_state *st = cpu_state(bpf_get_smp_processor_id());

	if (st)
		st->started_at = 0;
}

static int central_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	u64 now = bpf_ktime_get_ns();
	u64 to_kick = nr_queued; /* idle CPUs to wake, one per queued task */
	s32 i;
	int ret;

	bpf_for(i, 0, nr_cpus) {
		/* Start at a different CPU each time so that no CPU is always served last. */
		s32 cpu = (nr_timers + i) % nr_cpus;
		struct cpu_state *st = cpu_state(cpu);

		if (cpu == central_cpu || !st)
			continue;
		/* Preempt only a CPU whose task used up its slice (or that is idle)... */
		if (st->started_at && vtime_before(now, st->started_at + slice_ns))
			continue;
		/* ...and only when something waits. */
		if (scx_bpf_dsq_nr_queued(FALLBACK_DSQ) || scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | cpu))
			;
		else if (to_kick)
			to_kick--;
		else
			continue;
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	}

	ret = bpf_timer_start(timer, TIMER_INTERVAL_NS, BPF_F_TIMER_CPU_PIN);
	if (ret)
		scx_bpf_error("bpf_timer_start failed (%d)", ret);
	__sync_fetch_and_add(&nr_timers, 1);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(central_init)
{
	u32 key = 0;
	struct central_timer *t;
	s32 ret;

	nr_cpus = scx_bpf_nr_cpu_ids();
	if (nr_cpus > MAX_CPUS) {
		scx_bpf_error("%u CPU ids; scx_central handles at most %d", nr_cpus, MAX_CPUS);
		return -E2BIG;
	}

	ret = scx_bpf_create_dsq(FALLBACK_DSQ, -1);
	if (ret) {
		scx_bpf_error("creating the fallback DSQ failed (%d)", ret);
		return ret;
	}

	t = bpf_map_lookup_elem(&central_timer, &key);
	if (!t)
		return -ESRCH;
	bpf_timer_init(&t->timer, &central_timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&t->timer, central_timerfn);

	/* Get the central CPU into dispatch, which starts the timer there. */
	scx_bpf_kick_cpu(central_cpu, 0);
	return 0;
}

void BPF_STRUCT_OPS(central_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops central_ops = {
	/* Every decision is the central CPU's: a CPU's last task is queued like any other. */
	.flags = SCX_OPS_ENQ_LAST,
	.select_cpu = (void *)central_select_cpu,
	.enqueue = (void *)central_enqueue,
	.dispatch = (void *)central_dispatch,
	.running = (void *)central_running,
	.stopping = (void *)central_stopping,
	.init = (void *)central_init,
	.exit = (void *)central_exit,
	.name = "central",
};
