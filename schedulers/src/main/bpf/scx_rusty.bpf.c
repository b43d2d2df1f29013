/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_rusty: one scheduling domain per last-level cache, balanced from Java.
 *
 * A domain (an LLC, or the CPUs that Java groups by -c or -C) has one DSQ, in
 * virtual deadline order (FIFO with -f), and each task belongs to one domain.
 * A waking task goes to an idle CPU: the waker's on a sync wake-up, its
 * previous one, one of its domain, or (-D) one of a lightly used domain;
 * otherwise it waits on its domain's DSQ. A CPU with nothing queued in its
 * own domain steals from the other domains of its node (-g) and, if asked,
 * of other nodes.
 *
 * Java is the slow brain: every -I it reads /proc/stat and sets the slice and
 * the lightly used CPUs (direct_greedy_cpus, kick_greedy_cpus below); every
 * -i it reads each task's runtime from lb_tasks[], weighs the domains' loads,
 * and writes into lb_moves[] the new domain of the tasks it moves, which they
 * take at their next wake-up or enqueue.
 */
#include <scx/common.bpf.h>
#include <scx/idle.bpf.h>
#include <scx/deadline.bpf.h>

char _license[] SEC("license") = "GPL";

#define MAX_DOMS 64		/* a task's allowed domains are a u64 */
#define LB_MAX_TASKS 16384	/* tasks the balancer sees; a power of two */
#define PF_WQ_WORKER 0x00000020	/* include/linux/sched.h: a workqueue worker */

/* Set by userspace before load; each CPU's domain is idle_cpu_llc[] of scx/idle.bpf.h. */
const volatile u32 nr_doms = 1;
const volatile u32 dom_node[MAX_DOMS];
const volatile u32 greedy_threshold = 1;	/* -g: steal from a domain with this many queued */
const volatile u32 greedy_threshold_x_numa;	/* --greedy-threshold-x-numa */
const volatile bool direct_greedy_numa;		/* -r */
const volatile bool kthreads_local;		/* -k */
const volatile bool fifo_sched;			/* -f */

/* Written by the Java tuner: the slice, and the CPUs that may take other domains' tasks. */
volatile u64 slice_ns;				/* set before attach */
volatile u64 direct_greedy_cpus[SCX_IDLE_MAX_CPUS / 64];
volatile u64 kick_greedy_cpus[SCX_IDLE_MAX_CPUS / 64];
volatile u64 tune_gen;				/* bumped after the masks above change */

/* What the Java balancer reads of each task; a row is free while pid is 0. */
struct lb_task {
	u64 runtime;	/* ns it ran since it got the row */
	u64 allowed;	/* bit d: it may run in domain d */
	u32 pid;
	u32 dom;
	u32 weight;	/* 100 at nice 0 */
	u32 kworker;	/* a workqueue worker (-b leaves those to the kernel) */
};

struct lb_task lb_tasks[LB_MAX_TASKS];
/* Rows below this were used: what Java reads. */
u32 lb_nr_rows;
/* Written by the Java balancer: pid << 32 | (new domain + 1) for a row's task, 0 for none. */
u64 lb_moves[LB_MAX_TASKS];

/* Free rows, last freed first, so the rows in use stay packed at the start. */
struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, LB_MAX_TASKS);
	__type(value, u32);
} free_rows SEC(".maps");

struct rusty_task {
	u64 allowed;	/* bit d: it may run in domain d */
	u32 dom;
	s32 row;	/* in lb_tasks[], or -1 when the table was full */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct rusty_task);
} rusty_tasks SEC(".maps");

/* Each domain's vruntime "now": deadlines compare only within a domain. */
static u64 dom_vtime_now[MAX_DOMS];

scx_private(RUSTY) struct bpf_cpumask __kptr *direct_greedy_mask;
scx_private(RUSTY) struct bpf_cpumask __kptr *kick_greedy_mask;

/* The first eleven add up to the tasks placed (upstream's names, in RustyStats). */
enum rusty_stat {
	STAT_WAKE_SYNC, STAT_SYNC_PREV_IDLE, STAT_PREV_IDLE, STAT_GREEDY_IDLE, STAT_PINNED, STAT_DIRECT,
	STAT_GREEDY, STAT_GREEDY_FAR, STAT_DSQ_DISPATCH, STAT_GREEDY_LOCAL, STAT_GREEDY_XNUMA,
	STAT_REPATRIATE, STAT_KICK_GREEDY, STAT_LOAD_BALANCE, STAT_TASK_GET_ERR, STAT_DL_CLAMP, STAT_DL_PRESET,
	NR_RUSTY_STATS,
};

SCX_COUNTERS(stats, NR_RUSTY_STATS);

static __always_inline u32 dom_idx(u32 dom)
{
	return dom & (MAX_DOMS - 1);
}

static __always_inline u32 cpu_dom(s32 cpu)
{
	return scx_idle_cpu_valid(cpu) ? idle_cpu_llc[SCX_IDLE_IDX(cpu)] : 0;
}

static __always_inline struct rusty_task *rusty_task(const struct task_struct *p)
{
	return bpf_task_storage_get(&rusty_tasks, (struct task_struct *)p, 0, 0);
}

static __always_inline bool in_words(volatile u64 *words, s32 cpu)
{
	return scx_idle_cpu_valid(cpu) && (words[SCX_IDLE_IDX(cpu) / 64] & (1ULL << (cpu % 64)));
}

/* The domains with a CPU in mask. */
static __always_inline u64 allowed_doms(const struct cpumask *mask)
{
	u64 doms = 0;
	s32 cpu;

	bpf_for(cpu, 0, idle_nr_cpus) {
		if (cpu >= SCX_IDLE_MAX_CPUS)
			break;
		if (bpf_cpumask_test_cpu(cpu, mask))
			doms |= 1ULL << dom_idx(cpu_dom(cpu));
	}
	return doms;
}

/* Moves p to dom, its vruntime carried over to the new domain's clock. */
static void set_dom(struct task_struct *p, struct rusty_task *t, u32 dom)
{
	struct scx_dl_task *d = scx_dl_task(p);

	if (d)
		d->vruntime = d->vruntime - dom_vtime_now[dom_idx(t->dom)] + dom_vtime_now[dom_idx(dom)];
	t->dom = dom;
	if (t->row >= 0)
		lb_tasks[t->row & (LB_MAX_TASKS - 1)].dom = dom;
}

/* The balancer's decision for p, if it made one since p last looked. */
static void take_lb_move(struct task_struct *p, struct rusty_task *t)
{
	u32 row, dom;
	u64 move;

	if (t->row < 0)
		return;
	row = t->row & (LB_MAX_TASKS - 1);
	move = lb_moves[row];
	if (!move)
		return;
	lb_moves[row] = 0;
	dom = (u32)move - 1;
	if ((u32)(move >> 32) != p->pid || dom >= nr_doms || dom == t->dom || !(t->allowed & (1ULL << dom_idx(dom))))
		return;
	set_dom(p, t, dom);
	scx_count(&stats, STAT_LOAD_BALANCE);
}

/* An idle CPU p may use in dom (or, with dom < 0, in the direct greedy CPUs of node), a whole core first; claimed. */
static s32 pick_idle_in(struct task_struct *p, s32 dom, u32 node)
{
	struct scx_idle_task *t = bpf_task_storage_get(&scx_idle_tasks, p, 0, 0);
	const struct cpumask *area, *near = NULL;
	struct bpf_cpumask *allowed;
	u32 id = dom;
	s32 cpu = -EBUSY;

	if (!t)
		return -EBUSY;
	bpf_rcu_read_lock();
	allowed = t->allowed;
	if (dom >= 0) {
		struct scx_idle_dom *area_dom = bpf_map_lookup_elem(&scx_idle_llcs, &id);
		area = area_dom ? cast_mask(area_dom->mask) : NULL;
	} else {
		struct scx_idle_dom *node_dom = bpf_map_lookup_elem(&scx_idle_nodes, &node);
		area = cast_mask(direct_greedy_mask);
		if (!direct_greedy_numa && node_dom)
			near = cast_mask(node_dom->mask);
	}
	if (!allowed || !area)
		goto out;
	bpf_cpumask_and(allowed, p->cpus_ptr, area);
	if (near)
		bpf_cpumask_and(allowed, cast_mask(allowed), near);
	if (idle_smt && (cpu = scx_bpf_pick_idle_cpu(cast_mask(allowed), SCX_PICK_IDLE_CORE)) >= 0)
		goto out;
	cpu = scx_bpf_pick_idle_cpu(cast_mask(allowed), 0);
out:
	bpf_rcu_read_unlock();
	return cpu;
}

/* An idle CPU p may use among the CPUs -K lets take other domains' tasks, claimed. */
static s32 pick_idle_kick_greedy(struct task_struct *p)
{
	s32 cpu;

	bpf_rcu_read_lock();
	cpu = scx_idle_pick_within(p, cast_mask(kick_greedy_mask));
	bpf_rcu_read_unlock();
	return cpu;
}

/* Whether some CPU of dom is idle. */
static bool dom_has_idle(u32 dom)
{
	struct scx_idle_dom *d = bpf_map_lookup_elem(&scx_idle_llcs, &dom);
	const struct cpumask *idle;
	bool found = false;

	if (!d)
		return false;
	idle = scx_bpf_get_idle_cpumask();
	bpf_rcu_read_lock();
	if (d->mask)
		found = bpf_cpumask_intersects(cast_mask(d->mask), idle);
	bpf_rcu_read_unlock();
	scx_bpf_put_idle_cpumask(idle);
	return found;
}

/* Where a waking p runs at once, upstream's order; -EBUSY when it must queue. */
static s32 pick_cpu(struct task_struct *p, struct rusty_task *t, s32 prev_cpu, u64 wake_flags, u32 *stat)
{
	struct task_struct *waker = (void *)bpf_get_current_task_btf();
	s32 this_cpu = bpf_get_smp_processor_id(), cpu;
	u32 node = dom_node[dom_idx(t->dom)];

	/*
	 * A sync wake-up: the waker is about to sleep, and its CPU is in p's domain. Only while
	 * the domain has an idle CPU: when it is saturated, tasks passed from waker to wakee
	 * would keep the CPU's local queue busy and starve what waits on the domain's.
	 */
	if ((wake_flags & SCX_WAKE_SYNC) && !(waker->flags & PF_EXITING) && cpu_dom(this_cpu) == t->dom &&
	    bpf_cpumask_test_cpu(this_cpu, p->cpus_ptr) && dom_has_idle(t->dom)) {
		if (prev_cpu != this_cpu && cpu_dom(prev_cpu) == t->dom && bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr) &&
		    scx_idle_claim(prev_cpu, idle_smt)) {
			*stat = STAT_SYNC_PREV_IDLE;
			return prev_cpu;
		}
		if (!scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL_ON | this_cpu)) {
			*stat = STAT_WAKE_SYNC;
			return this_cpu;
		}
	}
	/* Its previous CPU, warm: at home, or in a lightly used domain of its node. */
	if (bpf_cpumask_test_cpu(prev_cpu, p->cpus_ptr) &&
	    (cpu_dom(prev_cpu) == t->dom ||
	     (in_words(direct_greedy_cpus, prev_cpu) && (direct_greedy_numa || idle_cpu_node[SCX_IDLE_IDX(prev_cpu)] == node))) &&
	    scx_idle_claim(prev_cpu, idle_smt)) {
		*stat = cpu_dom(prev_cpu) == t->dom ? STAT_PREV_IDLE : STAT_GREEDY_IDLE;
		return prev_cpu;
	}
	if ((cpu = pick_idle_in(p, t->dom, node)) >= 0) {
		*stat = STAT_DIRECT;
		return cpu;
	}
	/* An idle CPU of a domain the tuner found lightly used (-D; none with -D 0). */
	if ((cpu = pick_idle_in(p, -1, node)) >= 0) {
		*stat = idle_cpu_node[SCX_IDLE_IDX(cpu)] == node ? STAT_GREEDY : STAT_GREEDY_FAR;
		return cpu;
	}
	return -EBUSY;
}

s32 BPF_STRUCT_OPS(rusty_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct rusty_task *t = rusty_task(p);
	u32 stat = STAT_PINNED;
	s32 cpu;

	if (!t)
		return prev_cpu;
	take_lb_move(p, t);
	if (scx_task_pinned(p))
		cpu = scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -EBUSY;
	else
		cpu = pick_cpu(p, t, prev_cpu, wake_flags, &stat);
	if (cpu < 0)
		return prev_cpu;
	scx_count(&stats, stat);
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, slice_ns, 0);
	return cpu;
}

static void insert_on(struct task_struct *p, s32 cpu, u64 enq_flags, u32 stat)
{
	scx_count(&stats, stat);
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, slice_ns, enq_flags);
	if (cpu != bpf_get_smp_processor_id() || !scx_bpf_task_running(p))
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
}

/*
 * p's deadline in its domain: its vruntime, at most one slice behind the domain's (what it
 * may keep of a sleep, as upstream limits it), plus what it ran since it last woke, at most
 * a slice. A larger credit let tasks that both wake often and burn CPU hold the queue for
 * seconds. Counts whether the credit had to be clamped.
 */
static u64 task_deadline(struct task_struct *p, struct scx_dl_task *d, u32 dom)
{
	u64 vruntime = d->vruntime, dl;

	dl = scx_dl_deadline_from(p, d, slice_ns, 1, dom_vtime_now[dom_idx(dom)]);
	scx_count(&stats, d->vruntime == vruntime ? STAT_DL_PRESET : STAT_DL_CLAMP);
	return dl;
}

void BPF_STRUCT_OPS(rusty_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct rusty_task *t = rusty_task(p);
	struct scx_dl_task *d = scx_dl_task(p);
	s32 cpu = scx_bpf_task_cpu(p), idle;

	if (!t || !d) {
		scx_count(&stats, STAT_TASK_GET_ERR);
		scx_bpf_dsq_insert(p, scx_dsq_global_id, slice_ns, enq_flags);
		return;
	}
	take_lb_move(p, t);
	/* A task bound to one CPU queues in that CPU's domain by deadline like the rest, but -k puts per-CPU kthreads first. */
	if (kthreads_local && scx_task_percpu_kthread(p)) {
		insert_on(p, cpu, enq_flags, STAT_DIRECT);
		return;
	}
	/* Away from home (stolen, or just moved by the balancer) while a CPU there idles: go home. */
	if (cpu_dom(cpu) != t->dom && (idle = pick_idle_in(p, t->dom, 0)) >= 0) {
		insert_on(p, idle, enq_flags, STAT_REPATRIATE);
		return;
	}
	if (fifo_sched)
		scx_bpf_dsq_insert(p, t->dom, slice_ns, enq_flags);
	else
		scx_bpf_dsq_insert_vtime(p, t->dom, slice_ns, task_deadline(p, d, t->dom), enq_flags);
	/* A CPU to run it: an idle one at home, else one elsewhere that -K lets steal it. */
	if ((idle = pick_idle_in(p, t->dom, 0)) >= 0) {
		scx_bpf_kick_cpu(idle, SCX_KICK_IDLE);
	} else if (greedy_threshold && (idle = pick_idle_kick_greedy(p)) >= 0) {
		scx_count(&stats, STAT_KICK_GREEDY);
		scx_bpf_kick_cpu(idle, SCX_KICK_IDLE);
	}
}

/* Takes a task queued in another domain (of this node, or of the others) with at least threshold queued. */
static bool steal(u32 dom, bool same_node, u32 threshold)
{
	u32 node = dom_node[dom_idx(dom)], i, other;

	bpf_for(i, 1, nr_doms) {
		other = (dom + i) % nr_doms;
		if ((dom_node[dom_idx(other)] == node) != same_node)
			continue;
		if (scx_bpf_dsq_nr_queued(other) >= threshold && scx_bpf_dsq_move_to_local(other, 0))
			return true;
	}
	return false;
}

void BPF_STRUCT_OPS(rusty_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 dom = cpu_dom(cpu);

	if (scx_bpf_dsq_move_to_local(dom, 0))
		scx_count(&stats, STAT_DSQ_DISPATCH);
	else if (greedy_threshold && steal(dom, true, greedy_threshold))
		scx_count(&stats, STAT_GREEDY_LOCAL);
	else if (greedy_threshold && greedy_threshold_x_numa && steal(dom, false, greedy_threshold_x_numa))
		scx_count(&stats, STAT_GREEDY_XNUMA);
}

/* The tuner's CPU words into the masks the kfuncs read. */
static void load_greedy_masks(void)
{
	struct bpf_cpumask *direct, *kick;
	s32 cpu;

	bpf_rcu_read_lock();
	direct = direct_greedy_mask;
	kick = kick_greedy_mask;
	if (direct && kick) {
		bpf_for(cpu, 0, idle_nr_cpus) {
			if (cpu >= SCX_IDLE_MAX_CPUS)
				break;
			if (in_words(direct_greedy_cpus, cpu))
				bpf_cpumask_set_cpu(cpu, direct);
			else
				bpf_cpumask_clear_cpu(cpu, direct);
			if (in_words(kick_greedy_cpus, cpu))
				bpf_cpumask_set_cpu(cpu, kick);
			else
				bpf_cpumask_clear_cpu(cpu, kick);
		}
	}
	bpf_rcu_read_unlock();
}

void BPF_STRUCT_OPS(rusty_tick, struct task_struct *p)
{
	static u64 tune_seen;
	u64 gen = tune_gen, seen = tune_seen;

	/* One CPU picks up what the tuner wrote since last time. */
	if (gen != seen && __sync_val_compare_and_swap(&tune_seen, seen, gen) == seen)
		load_greedy_masks();
}

void BPF_STRUCT_OPS(rusty_runnable, struct task_struct *p, u64 enq_flags)
{
	struct scx_dl_task *d = scx_dl_task(p);

	if (d)
		scx_dl_runnable(d, bpf_ktime_get_ns());
}

void BPF_STRUCT_OPS(rusty_running, struct task_struct *p)
{
	struct rusty_task *t = rusty_task(p);
	struct scx_dl_task *d = scx_dl_task(p);
	u32 dom;

	if (!t || !d)
		return;
	scx_dl_running(p, d, bpf_ktime_get_ns());
	dom = dom_idx(t->dom);
	if (vtime_before(dom_vtime_now[dom], d->vruntime))
		dom_vtime_now[dom] = d->vruntime;
}

void BPF_STRUCT_OPS(rusty_stopping, struct task_struct *p, bool runnable)
{
	struct rusty_task *t = rusty_task(p);
	struct scx_dl_task *d = scx_dl_task(p);
	struct lb_task *row;
	u64 ran;

	if (!t || !d)
		return;
	ran = scx_dl_stopping(p, d, bpf_ktime_get_ns(), slice_ns);
	if (t->row < 0)
		return;
	row = &lb_tasks[t->row & (LB_MAX_TASKS - 1)];
	row->runtime += ran;
	row->weight = p->scx.weight;
}

void BPF_STRUCT_OPS(rusty_set_cpumask, struct task_struct *p, const struct cpumask *cpumask)
{
	struct rusty_task *t = rusty_task(p);
	u32 dom;

	if (!t)
		return;
	t->allowed = allowed_doms(cpumask);
	if (t->row >= 0)
		lb_tasks[t->row & (LB_MAX_TASKS - 1)].allowed = t->allowed;
	if (t->allowed & (1ULL << dom_idx(t->dom)))
		return;
	/* Its domain is no longer allowed: the one of a CPU it may use. */
	dom = cpu_dom(bpf_cpumask_first(cpumask));
	if (dom < nr_doms)
		set_dom(p, t, dom);
}

void BPF_STRUCT_OPS(rusty_enable, struct task_struct *p)
{
	struct rusty_task *t = rusty_task(p);
	struct scx_dl_task *d = scx_dl_task(p);
	u64 now;

	if (!t || !d)
		return;
	now = dom_vtime_now[dom_idx(t->dom)];
	d->vruntime = now;
	scx_task_set_dsq_vtime(p, now);
}

/* New tasks go round robin to the domains they may use. */
static u32 next_dom(u64 allowed)
{
	static u32 next;
	u32 i, dom;

	bpf_for(i, 0, nr_doms) {
		dom = next++ % nr_doms; /* a race only skews the rotation */
		if (allowed & (1ULL << dom_idx(dom)))
			return dom;
	}
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(rusty_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct rusty_task *t = bpf_task_storage_get(&rusty_tasks, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	struct lb_task *row;
	u32 r;
	int err;

	if (!t)
		return -ENOMEM;
	if ((err = scx_dl_init_task(p)) || (err = scx_idle_init_task(p)))
		return err;
	bpf_rcu_read_lock(); /* init_task may sleep: p->cpus_ptr is only trusted under RCU */
	t->allowed = allowed_doms(p->cpus_ptr);
	bpf_rcu_read_unlock();
	t->dom = next_dom(t->allowed);
	t->row = -1;
	if (bpf_map_pop_elem(&free_rows, &r)) {
		/* The table is full: it runs, but the balancer does not see it. */
		scx_count(&stats, STAT_TASK_GET_ERR);
		return 0;
	}
	r &= LB_MAX_TASKS - 1;
	t->row = r;
	if (r >= lb_nr_rows)
		lb_nr_rows = r + 1;
	lb_moves[r] = 0;
	row = &lb_tasks[r];
	row->runtime = 0;
	row->allowed = t->allowed;
	row->dom = t->dom;
	row->weight = p->scx.weight;
	row->kworker = !!(p->flags & PF_WQ_WORKER);
	row->pid = p->pid;
	return 0;
}

void BPF_STRUCT_OPS(rusty_exit_task, struct task_struct *p, struct scx_exit_task_args *args)
{
	struct rusty_task *t = rusty_task(p);
	u32 r;

	if (!t || t->row < 0)
		return;
	r = t->row & (LB_MAX_TASKS - 1);
	t->row = -1;
	lb_tasks[r].pid = 0;
	lb_moves[r] = 0;
	bpf_map_push_elem(&free_rows, &r, 0);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(rusty_init)
{
	u32 dom, r;
	int err;

	bpf_for(dom, 0, nr_doms) {
		if ((err = scx_idle_create_dsq(dom)))
			return err;
	}
	if (!scx_cpumask_init(&direct_greedy_mask) || !scx_cpumask_init(&kick_greedy_mask))
		return -ENOMEM;
	load_greedy_masks();
	bpf_for(r, 0, LB_MAX_TASKS) {
		u32 row = LB_MAX_TASKS - 1 - r;	/* row 0 on top */

		if (bpf_map_push_elem(&free_rows, &row, 0))
			return -ENOMEM;
	}
	return scx_idle_init();
}

void BPF_STRUCT_OPS(rusty_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops rusty_ops = {
	.select_cpu = (void *)rusty_select_cpu,
	.enqueue = (void *)rusty_enqueue,
	.dispatch = (void *)rusty_dispatch,
	.tick = (void *)rusty_tick,
	.runnable = (void *)rusty_runnable,
	.running = (void *)rusty_running,
	.stopping = (void *)rusty_stopping,
	.set_cpumask = (void *)rusty_set_cpumask,
	.enable = (void *)rusty_enable,
	.init_task = (void *)rusty_init_task,
	.exit_task = (void *)rusty_exit_task,
	.init = (void *)rusty_init,
	.exit = (void *)rusty_exit,
	.timeout_ms = 5000,
	.name = "rusty",
};
