/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_qmap: five FIFO queues chosen by task weight; a test bed for sched_ext
 * features more than a scheduler to use.
 *
 * Policy. A task's weight picks one of five BPF queue maps (light tasks in
 * queue 0, nice -20 ones in queue 4). Each CPU walks the queues round-robin
 * and takes up to 2^i tasks from queue i before moving on, so heavier queues
 * get proportionally more dispatches. Taken tasks go through one shared DSQ
 * that every CPU drains; a waking task that finds an idle CPU skips the
 * queues and goes straight to that CPU.
 *
 * Features it exercises, each through an option: batched dispatch (-b),
 * boosting of the highest-priority tasks by moving them between DSQs with
 * the DSQ iterator (-H), core-sched ordering (core_sched_before), cpufreq
 * targets from the weights running on each CPU (tick), tasks pushed back by
 * a higher scheduling class (cpu_release, counted as reenq), and its own
 * lines in the exit dump (dump, dump_cpu, dump_task; -S turns them off).
 *
 * Test harness: -e N ends it with an error after N enqueues, -t/-T N never
 * dispatch every Nth user/kernel task so the watchdog must end it, -l N
 * makes dispatch loop on kthreadd after N dispatches, -d PID keeps a process
 * out of sched_ext.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define NR_QUEUES 5
#define QUEUE_LEN 4096
#define SHARED_DSQ 0
#define HIGHPRI_DSQ 1
/* The weight nice -20 maps to: tasks at least this heavy are boosted by -H. */
#define HIGHPRI_WEIGHT 8668
#define ONE_SEC_NS 1000000000ULL

/* Options, set by userspace before load. */
const volatile u64 slice_ns;
const volatile u32 stall_user_nth;
const volatile u32 stall_kernel_nth;
const volatile u32 dsp_inf_loop_after;
const volatile u32 dsp_batch;
const volatile bool highpri_boosting;
const volatile bool print_dsqs_and_events;
const volatile s32 disallow_tgid;
const volatile bool suppress_dump;

/* Enqueues left before the -e error; set after load, so it lives in .bss. */
u64 test_error_cnt;

/* Counters userspace prints each second. */
u64 nr_enqueued, nr_dispatched, nr_reenqueued, nr_dequeued, nr_ddsp_from_enq;
u64 nr_core_sched_execed, nr_highpri_queued;
u64 nr_expedited_local, nr_expedited_remote, nr_expedited_from_timer, nr_expedited_lost;
u32 cpuperf_min, cpuperf_avg, cpuperf_max;
u32 cpuperf_target_min, cpuperf_target_avg, cpuperf_target_max;

/*
 * Core-sched order: each queue numbers the tasks it takes (tail) and the last
 * one dispatched (head). Eight slots, so a masked index needs no bounds check.
 */
#define SEQ_SLOT(idx) ((idx) & 7)
u64 core_sched_head_seqs[8];
u64 core_sched_tail_seqs[8];

/* Entries in each queue, so the dump can walk a queue and put every entry back. */
s64 queue_len[8];

struct fifo {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, QUEUE_LEN);
	__type(value, u32);
} fifo0 SEC(".maps"), fifo1 SEC(".maps"), fifo2 SEC(".maps"), fifo3 SEC(".maps"), fifo4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, NR_QUEUES);
	__type(key, int);
	__array(values, struct fifo);
} fifos SEC(".maps") = {
	.values = { [0] = &fifo0, [1] = &fifo1, [2] = &fifo2, [3] = &fifo3, [4] = &fifo4 },
};

struct task_ctx {
	bool force_local; /* select_cpu found an idle CPU: enqueue puts it there */
	bool highpri;
	u64 core_sched_seq;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

struct cpu_ctx {
	u64 dsp_idx; /* the queue this CPU takes from now */
	u64 dsp_cnt; /* how many more it may take from it */
	u32 avg_weight;
	u32 cpuperf_target;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct cpu_ctx);
} cpu_ctxs SEC(".maps");

struct monitor_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct monitor_timer);
} monitor_timer SEC(".maps");

static u64 slice(void)
{
	return slice_ns ?: scx_slice_dfl_ns;
}

static struct task_ctx *lookup_task_ctx(struct task_struct *p)
{
	struct task_ctx *taskc = bpf_task_storage_get(&task_ctxs, p, 0, 0);

	if (!taskc)
		scx_bpf_error("task_ctx lookup failed for %s[%d]", p->comm, p->pid);
	return taskc;
}

static struct cpu_ctx *this_cpu_ctx(void)
{
	u32 zero = 0;
	struct cpu_ctx *cpuc = bpf_map_lookup_elem(&cpu_ctxs, &zero);

	if (!cpuc)
		scx_bpf_error("no cpu_ctx");
	return cpuc;
}

/* Coarse bands of the task weight (100 = nice 0): five queues. */
static int weight_to_idx(u32 weight)
{
	if (weight <= 25)
		return 0;
	if (weight <= 50)
		return 1;
	if (weight < 200)
		return 2;
	if (weight < 400)
		return 3;
	return 4;
}

/*
 * The CPU a task should go to directly, if one is idle: its previous one
 * first. Only an idle one: a pinned task sent straight to its busy CPU
 * again and again would keep that CPU's local DSQ full, so it would never
 * call dispatch and the queues would starve.
 */
static s32 pick_idle_cpu(struct task_struct *p, s32 prev_cpu)
{
	if (scx_bpf_test_and_clear_cpu_idle(prev_cpu))
		return prev_cpu;
	if (p->nr_cpus_allowed == 1)
		return -1;
	return scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
}

s32 BPF_STRUCT_OPS(qmap_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_ctx *taskc = lookup_task_ctx(p);
	s32 cpu;

	/* The lightest user tasks always go through the queues. */
	if (!taskc || (p->scx.weight < 2 && !(p->flags & PF_KTHREAD)))
		return prev_cpu;
	cpu = pick_idle_cpu(p, prev_cpu);
	if (cpu < 0)
		return prev_cpu;
	taskc->force_local = true;
	return cpu;
}

void BPF_STRUCT_OPS(qmap_enqueue, struct task_struct *p, u64 enq_flags)
{
	static u32 user_cnt, kernel_cnt;
	int idx = weight_to_idx(p->scx.weight);
	struct task_ctx *taskc;
	u32 pid = p->pid;
	void *fifo;
	s32 cpu;

	if (enq_flags & SCX_ENQ_REENQ)
		__sync_fetch_and_add(&nr_reenqueued, 1);

	/* -t / -T: lose every Nth task; the watchdog has to notice. */
	if (p->flags & PF_KTHREAD) {
		if (stall_kernel_nth && !(++kernel_cnt % stall_kernel_nth))
			return;
	} else if (stall_user_nth && !(++user_cnt % stall_user_nth)) {
		return;
	}

	if (test_error_cnt && !__sync_sub_and_fetch(&test_error_cnt, 1))
		scx_bpf_error("test triggering error");

	if (!(taskc = lookup_task_ctx(p)))
		return;
	taskc->core_sched_seq = core_sched_tail_seqs[SEQ_SLOT(idx)]++;

	if (taskc->force_local) {
		taskc->force_local = false;
		scx_bpf_dsq_insert(p, scx_dsq_local_id, slice(), enq_flags);
		return;
	}

	/*
	 * Pushed off its CPU by a higher class: let another CPU take it now.
	 * Checked before the direct dispatch below, which would put a pinned
	 * task straight back on the local DSQ it was just taken from.
	 */
	if (enq_flags & SCX_ENQ_REENQ) {
		scx_bpf_dsq_insert(p, SHARED_DSQ, 0, enq_flags);
		cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
		if (cpu >= 0)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
		return;
	}

	/* select_cpu was skipped (e.g. a preempted task): look for an idle CPU here. */
	if (!(enq_flags & SCX_ENQ_CPU_SELECTED) && (cpu = pick_idle_cpu(p, scx_bpf_task_cpu(p))) >= 0) {
		__sync_fetch_and_add(&nr_ddsp_from_enq, 1);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, slice(), enq_flags);
		return;
	}

	fifo = bpf_map_lookup_elem(&fifos, &idx);
	if (!fifo) {
		scx_bpf_error("no queue %d", idx);
		return;
	}
	/* A full queue overflows into the shared DSQ rather than losing the task. */
	if (bpf_map_push_elem(fifo, &pid, 0)) {
		scx_bpf_dsq_insert(p, SHARED_DSQ, slice(), enq_flags);
		return;
	}
	__sync_fetch_and_add(&queue_len[SEQ_SLOT(idx)], 1);

	if (highpri_boosting && p->scx.weight >= HIGHPRI_WEIGHT) {
		taskc->highpri = true;
		__sync_fetch_and_add(&nr_highpri_queued, 1);
	}
	__sync_fetch_and_add(&nr_enqueued, 1);
}

/*
 * Only counted: a dequeued task's pid stays in its queue, and the kernel
 * ignores the later insert of a task BPF no longer holds.
 */
void BPF_STRUCT_OPS(qmap_dequeue, struct task_struct *p, u64 deq_flags)
{
	__sync_fetch_and_add(&nr_dequeued, 1);
	if (deq_flags & SCX_DEQ_CORE_SCHED_EXEC)
		__sync_fetch_and_add(&nr_core_sched_execed, 1);
}

static void update_core_sched_head_seq(struct task_struct *p)
{
	int idx = weight_to_idx(p->scx.weight);
	struct task_ctx *taskc = lookup_task_ctx(p);

	if (taskc)
		core_sched_head_seqs[SEQ_SLOT(idx)] = taskc->core_sched_seq;
}

/*
 * -H: moves the boosted tasks of the shared DSQ to HIGHPRI_DSQ (in the order
 * found), then sends HIGHPRI_DSQ's tasks to a CPU they may run on, preempting
 * it. True when one went to this CPU. Also run from the monitor timer, since
 * DSQ moves are allowed outside dispatch.
 */
static bool dispatch_highpri(bool from_timer)
{
	static u64 highpri_seq;
	s32 this_cpu = bpf_get_smp_processor_id();
	struct task_struct *p;

	bpf_for_each(scx_dsq, p, SHARED_DSQ, 0) {
		struct task_ctx *taskc = lookup_task_ctx(p);

		if (!taskc)
			return false;
		if (taskc->highpri) {
			scx_bpf_dsq_move_set_slice(BPF_FOR_EACH_ITER, slice() * 2);
			scx_bpf_dsq_move_set_vtime(BPF_FOR_EACH_ITER, highpri_seq++);
			scx_bpf_dsq_move_vtime(BPF_FOR_EACH_ITER, p, HIGHPRI_DSQ, 0);
		}
	}

	bpf_for_each(scx_dsq, p, HIGHPRI_DSQ, 0) {
		s32 cpu = bpf_cpumask_test_cpu(this_cpu, p->cpus_ptr) ? this_cpu
								       : scx_bpf_pick_any_cpu(p->cpus_ptr, 0);

		if (cpu < 0)
			continue;
		if (!scx_bpf_dsq_move(BPF_FOR_EACH_ITER, p, SCX_DSQ_LOCAL_ON | cpu, SCX_ENQ_PREEMPT)) {
			__sync_fetch_and_add(&nr_expedited_lost, 1);
			continue;
		}
		if (from_timer)
			__sync_fetch_and_add(&nr_expedited_from_timer, 1);
		if (cpu == this_cpu) {
			__sync_fetch_and_add(&nr_expedited_local, 1);
			return true;
		}
		__sync_fetch_and_add(&nr_expedited_remote, 1);
	}
	return false;
}

/* Drains the shared DSQ (boosted tasks first with -H); true when this CPU got a task. */
static bool consume_shared(void)
{
	if (highpri_boosting && dispatch_highpri(false))
		return true;
	return scx_bpf_dsq_move_to_local(SHARED_DSQ, 0);
}

void BPF_STRUCT_OPS(qmap_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 batch = dsp_batch ?: 1;
	struct cpu_ctx *cpuc;
	struct task_struct *p;
	struct task_ctx *taskc;
	int i;

	if (highpri_boosting && dispatch_highpri(false))
		return;
	if (!nr_highpri_queued && scx_bpf_dsq_move_to_local(SHARED_DSQ, 0))
		return;

	/* -l: keep handing this CPU kthreadd (mostly idle), so the kernel calls dispatch without end. */
	if (dsp_inf_loop_after && nr_dispatched > dsp_inf_loop_after) {
		p = bpf_task_from_pid(2);
		if (p) {
			scx_bpf_dsq_insert(p, scx_dsq_local_id, slice(), 0);
			bpf_task_release(p);
			return;
		}
	}

	if (!(cpuc = this_cpu_ctx()))
		return;

	for (i = 0; i < NR_QUEUES; i++) {
		/* This CPU's turn at queue dsp_idx is over: on to the next, which may give 2^idx tasks. */
		if (!cpuc->dsp_cnt) {
			cpuc->dsp_idx = (cpuc->dsp_idx + 1) % NR_QUEUES;
			cpuc->dsp_cnt = 1 << cpuc->dsp_idx;
		}
		int idx = cpuc->dsp_idx;
		void *fifo = bpf_map_lookup_elem(&fifos, &idx);

		if (!fifo) {
			scx_bpf_error("no queue %d", idx);
			return;
		}

		bpf_repeat(QUEUE_LEN) {
			u32 pid;

			if (bpf_map_pop_elem(fifo, &pid))
				break;
			__sync_fetch_and_sub(&queue_len[SEQ_SLOT(cpuc->dsp_idx)], 1);
			p = bpf_task_from_pid(pid);
			if (!p)
				continue; /* exited (and reaped) while queued */
			if ((taskc = bpf_task_storage_get(&task_ctxs, p, 0, 0)) && taskc->highpri)
				__sync_fetch_and_sub(&nr_highpri_queued, 1);
			update_core_sched_head_seq(p);
			__sync_fetch_and_add(&nr_dispatched, 1);
			scx_bpf_dsq_insert(p, SHARED_DSQ, slice(), 0);
			/*
			 * Any CPU pops any queue: a task that cannot run here waits in
			 * the shared DSQ for a CPU it may use, which may be idle. Wake it.
			 */
			if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
				scx_bpf_kick_cpu(scx_bpf_task_cpu(p), SCX_KICK_IDLE);
			bpf_task_release(p);

			batch--;
			cpuc->dsp_cnt--;
			if (!batch || !scx_bpf_dispatch_nr_slots()) {
				consume_shared();
				return;
			}
			if (!cpuc->dsp_cnt)
				break;
		}
		cpuc->dsp_cnt = 0;
	}

	/* Nothing else to run: prev keeps its CPU, as if enqueued and dispatched at once. */
	if (prev && (taskc = bpf_task_storage_get(&task_ctxs, prev, 0, 0)))
		taskc->core_sched_seq = core_sched_tail_seqs[SEQ_SLOT(weight_to_idx(prev->scx.weight))]++;
}

/* Sets this CPU's performance target from the recent weights it ran (a demonstration, not a governor). */
void BPF_STRUCT_OPS(qmap_tick, struct task_struct *p)
{
	struct cpu_ctx *cpuc = this_cpu_ctx();

	if (!cpuc)
		return;
	cpuc->avg_weight = cpuc->avg_weight * 3 / 4 + p->scx.weight / 4;
	cpuc->cpuperf_target = SCX_CPUPERF_ONE * weight_to_idx(cpuc->avg_weight) / (NR_QUEUES - 1);
	scx_bpf_cpuperf_set(scx_bpf_task_cpu(p), cpuc->cpuperf_target);
}

/*
 * A task's distance from its queue's head, scaled so that a queue dispatched
 * twice as often counts its tasks as half as far: the lower, the sooner it runs.
 */
static s64 task_qdist(struct task_struct *p)
{
	int idx = weight_to_idx(p->scx.weight);
	struct task_ctx *taskc = lookup_task_ctx(p);
	s64 qdist;

	if (!taskc)
		return 0;
	qdist = taskc->core_sched_seq - core_sched_head_seqs[SEQ_SLOT(idx)];
	/* Shift by the other amount when negative, or the order would flip. */
	return qdist >= 0 ? qdist << (NR_QUEUES - 1 - idx) : qdist << idx;
}

/* Core scheduling picks SMT siblings' tasks in the order dispatch would. */
bool BPF_STRUCT_OPS(qmap_core_sched_before, struct task_struct *a, struct task_struct *b)
{
	return task_qdist(a) < task_qdist(b);
}

/* A higher scheduling class took the CPU: send its queued tasks back through enqueue. */
void BPF_STRUCT_OPS(qmap_cpu_release, s32 cpu, struct scx_cpu_release_args *args)
{
	scx_bpf_reenqueue_local();
}

s32 BPF_STRUCT_OPS(qmap_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	/* -d: only as the scheduler loads; the kernel refuses disallow on a task being forked. */
	if (p->tgid == disallow_tgid && !args->fork)
		p->scx.disallow = true;
	if (!bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -ENOMEM;
	return 0;
}

/*
 * The queues' contents go into the dump: each entry is taken and put back at
 * the tail, so a dump of a running scheduler (SysRq-D) loses no task.
 */
void BPF_STRUCT_OPS(qmap_dump, struct scx_dump_ctx *dctx)
{
	int i;

	if (suppress_dump)
		return;
	bpf_for(i, 0, NR_QUEUES) {
		void *fifo = bpf_map_lookup_elem(&fifos, &i);
		u32 pid;

		if (!fifo)
			return;
		s64 n = queue_len[SEQ_SLOT(i)];

		scx_bpf_dump("QMAP FIFO[%d]:", i);
		bpf_repeat(QUEUE_LEN) {
			if (n-- <= 0 || bpf_map_pop_elem(fifo, &pid))
				break;
			scx_bpf_dump(" %d", pid);
			bpf_map_push_elem(fifo, &pid, 0);
		}
		scx_bpf_dump("\n");
	}
}

void BPF_STRUCT_OPS(qmap_dump_cpu, struct scx_dump_ctx *dctx, s32 cpu, bool idle)
{
	u32 zero = 0;
	struct cpu_ctx *cpuc;

	if (suppress_dump || idle)
		return;
	if (!(cpuc = bpf_map_lookup_percpu_elem(&cpu_ctxs, &zero, cpu)))
		return;
	scx_bpf_dump("QMAP: dsp_idx=%llu dsp_cnt=%llu avg_weight=%u cpuperf_target=%u",
		     cpuc->dsp_idx, cpuc->dsp_cnt, cpuc->avg_weight, cpuc->cpuperf_target);
}

void BPF_STRUCT_OPS(qmap_dump_task, struct scx_dump_ctx *dctx, struct task_struct *p)
{
	struct task_ctx *taskc;

	if (suppress_dump)
		return;
	if (!(taskc = bpf_task_storage_get(&task_ctxs, p, 0, 0)))
		return;
	scx_bpf_dump("QMAP: force_local=%d core_sched_seq=%llu", taskc->force_local, taskc->core_sched_seq);
}

struct cpuperf_sums {
	u64 cap_sum, cur_sum, cur_min, cur_max;
	u64 target_sum, target_min, target_max, nr_online;
};

/*
 * One CPU's part of monitor_cpuperf. Global (not static), so the verifier
 * checks it once on its own; inlined in the loop, each min/max branch
 * multiplies the states it explores.
 */
__noinline int cpuperf_add(u32 i, struct cpuperf_sums *s)
{
	const struct cpumask *online = scx_bpf_get_online_cpumask();
	bool is_online = bpf_cpumask_test_cpu(i, online);
	u32 zero = 0, cap, cur;
	struct cpu_ctx *cpuc;

	scx_bpf_put_cpumask(online);
	if (!s || !is_online)
		return 0;
	cap = scx_bpf_cpuperf_cap(i);
	cur = scx_bpf_cpuperf_cur(i);
	s->cur_min = min_u64(cur, s->cur_min);
	s->cur_max = max_u64(cur, s->cur_max);
	s->cur_sum += (u64)cur * cap / SCX_CPUPERF_ONE;
	s->cap_sum += cap;
	s->nr_online++;
	if (!(cpuc = bpf_map_lookup_percpu_elem(&cpu_ctxs, &zero, i)))
		return 1;
	s->target_sum += cpuc->cpuperf_target;
	s->target_min = min_u64(cpuc->cpuperf_target, s->target_min);
	s->target_max = max_u64(cpuc->cpuperf_target, s->target_max);
	return 0;
}

/* Current and target performance over the online CPUs: min, capacity-weighted average, max. */
static void monitor_cpuperf(void)
{
	struct cpuperf_sums s = { .cur_min = SCX_CPUPERF_ONE, .target_min = SCX_CPUPERF_ONE };

	u32 i;

	bpf_for(i, 0, scx_bpf_nr_cpu_ids())
		cpuperf_add(i, &s);
	if (!s.nr_online || !s.cap_sum)
		return;
	cpuperf_min = s.cur_min;
	cpuperf_avg = s.cur_sum * SCX_CPUPERF_ONE / s.cap_sum;
	cpuperf_max = s.cur_max;
	cpuperf_target_min = s.target_min;
	cpuperf_target_avg = s.target_sum / s.nr_online;
	cpuperf_target_max = s.target_max;
}

/* -P: the shared DSQ's tasks (newest first) and the kernel's event counters, to trace_pipe. */
static void print_dsqs_events(void)
{
	struct scx_event_stats events;
	struct task_struct *p;
	s32 nr = scx_bpf_dsq_nr_queued(SHARED_DSQ);

	if (nr > 0) {
		bpf_printk("Dumping %d tasks in SHARED_DSQ in reverse order", nr);
		bpf_for_each(scx_dsq, p, SHARED_DSQ, SCX_DSQ_ITER_REV)
			bpf_printk("%s[%d]", p->comm, p->pid);
	}
	if (!bpf_ksym_exists(scx_bpf_events))
		return;
	__builtin_memset(&events, 0, sizeof(events));
	scx_bpf_events(&events, bpf_core_type_size(struct scx_event_stats));
	bpf_printk("%35s: %lld", "SCX_EV_SELECT_CPU_FALLBACK", events.SCX_EV_SELECT_CPU_FALLBACK);
	bpf_printk("%35s: %lld", "SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE", events.SCX_EV_DISPATCH_LOCAL_DSQ_OFFLINE);
	bpf_printk("%35s: %lld", "SCX_EV_DISPATCH_KEEP_LAST", events.SCX_EV_DISPATCH_KEEP_LAST);
	bpf_printk("%35s: %lld", "SCX_EV_ENQ_SKIP_EXITING", events.SCX_EV_ENQ_SKIP_EXITING);
}

static int monitor_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	bpf_rcu_read_lock();
	if (highpri_boosting)
		dispatch_highpri(true);
	if (print_dsqs_and_events)
		print_dsqs_events();
	bpf_rcu_read_unlock();
	monitor_cpuperf();

	if (bpf_timer_start(timer, ONE_SEC_NS, 0))
		scx_bpf_error("cannot re-arm the monitor timer");
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(qmap_init)
{
	u32 zero = 0;
	struct bpf_timer *timer;
	s32 ret;

	if ((ret = scx_bpf_create_dsq(SHARED_DSQ, -1)) || (ret = scx_bpf_create_dsq(HIGHPRI_DSQ, -1)))
		return ret;
	if (!(timer = bpf_map_lookup_elem(&monitor_timer, &zero)))
		return -ESRCH;
	bpf_timer_init(timer, &monitor_timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(timer, monitor_timerfn);
	return bpf_timer_start(timer, ONE_SEC_NS, 0);
}

void BPF_STRUCT_OPS(qmap_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops qmap_ops = {
	.select_cpu = (void *)qmap_select_cpu,
	.enqueue = (void *)qmap_enqueue,
	.dequeue = (void *)qmap_dequeue,
	.dispatch = (void *)qmap_dispatch,
	.tick = (void *)qmap_tick,
	.core_sched_before = (void *)qmap_core_sched_before,
	.cpu_release = (void *)qmap_cpu_release,
	.init_task = (void *)qmap_init_task,
	.dump = (void *)qmap_dump,
	.dump_cpu = (void *)qmap_dump_cpu,
	.dump_task = (void *)qmap_dump_task,
	.init = (void *)qmap_init,
	.exit = (void *)qmap_exit,
	/*
	 * No SCX_OPS_ENQ_EXITING: the kernel runs exiting tasks itself. A thread
	 * that released its pid before its last run could not be found again
	 * from the queues, so it would wait until the watchdog fired.
	 */
	.timeout_ms = 5000U,
	.name = "qmap",
};
