/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_flatcg: cgroup CPU weights (cpu.weight) enforced by flattening the
 * cgroup tree into one level.
 *
 * A cgroup's share of the machine, its hweight, is the product of its share
 * among its active siblings at every level on the way up from it to the root:
 * with R -> A(100) -> {B(100), C(100)} and R -> D(200), all busy, B and C get
 * 1/2 * 1/3 = 1/6 each and D 2/3. Only cgroups with runnable tasks (active)
 * count, and the shares are recomputed lazily, when a cached hweight is older
 * than the last change of any active weight sum (hweight_gen).
 *
 * Each cgroup has its own DSQ (id = cgroup id) ordered by task vtime (FIFO
 * with -f). The cgroups themselves are ordered by a cgroup vtime (cvtime) in
 * a BPF red-black tree of queued cgroups. A CPU that needs work takes the
 * cgroup with the smallest cvtime, charges it a whole cgroup slice up front
 * (slice / hweight, so a heavier cgroup's cvtime grows slower) and runs its
 * tasks for that slice; when the slice ends the charge is corrected to the
 * time actually used. A cgroup that comes back after idling keeps at most a
 * budget proportional to its hweight, so it cannot bank unbounded credit.
 *
 * Tasks that waking found an idle CPU for run there at once and are charged
 * to their cgroup afterwards; tasks restricted to some CPUs go through a
 * fallback DSQ that every CPU serves first (per-CPU kernel threads straight to
 * their local DSQ), so no cgroup DSQ holds a task some CPU cannot run. The
 * fallback DSQ and the cgroups take turns on each CPU.
 *
 * Per-CPU counters record each path; userspace prints them per interval.
 */
#include <scx/common.bpf.h>
#include <asm-generic/errno-base.h>

char _license[] SEC("license") = "GPL";

/* Set by userspace before load: the cgroup slice (0: the kernel's default slice) and FIFO within cgroups. */
const volatile u64 cgrp_slice_ns;
const volatile bool fifo_sched;

#define FALLBACK_DSQ 0
#define HWEIGHT_ONE (1ULL << 16)   /* the whole machine */
#define PICK_RETRIES 1024
#define PF_KTHREAD 0x00200000      /* include/linux/sched.h; macros are not in BTF */

/* Same order as FlatcgStats.Stat on the Java side. */
enum fcg_stat {
	STAT_ACT, STAT_DEACT, STAT_GLOBAL, STAT_LOCAL,
	STAT_HWT_UPDATES, STAT_HWT_CACHE, STAT_HWT_SKIP, STAT_HWT_RACE,
	STAT_ENQ_SKIP, STAT_ENQ_RACE,
	STAT_CNS_KEEP, STAT_CNS_EXPIRE, STAT_CNS_EMPTY, STAT_CNS_GONE,
	STAT_PNC_NEXT, STAT_PNC_EMPTY, STAT_PNC_NO_CGRP, STAT_PNC_GONE, STAT_PNC_RACE, STAT_PNC_FAIL,
	STAT_BAD_REMOVAL,
	NR_FCG_STATS
};

SCX_COUNTERS(stats, NR_FCG_STATS);

/* Bumped whenever an active weight sum changes, which expires every cached hweight. */
u64 hweight_gen = 1;
/* The cvtime of the last cgroup picked: the cgroup tree's "now". */
u64 cvtime_now;

struct fcg_cgrp {
	u32 weight;            /* cpu.weight, 1..10000, 100 by default */
	u32 hweight;           /* share of the machine, HWEIGHT_ONE = all of it */
	u32 nr_active;         /* active children, or 1 while it has runnable tasks (leaf) */
	/* 64-bit because the atomics work on them (32-bit ones need a newer BPF ISA than we build for). */
	u64 nr_runnable;       /* runnable tasks in this cgroup itself */
	u64 queued;            /* its node is in the tree or about to be */
	u64 child_weight_sum;  /* weights of its active children */
	u64 hweight_gen;       /* the hweight_gen hweight was computed at */
	s64 cvtime_delta;      /* charges made while its node was in the tree, applied when it leaves */
	u64 idled;             /* it had no runnable task since its node was last placed */
	u64 tvtime_now;        /* the largest vtime of its tasks that started running */
};

struct {
	__uint(type, BPF_MAP_TYPE_CGRP_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct fcg_cgrp);
} cgrps SEC(".maps");

/* A queued cgroup in the tree. */
struct cgv_node {
	struct bpf_rb_node rb;
	u64 cvtime;
	u64 cgid;
};

scx_private(CGV_TREE) struct bpf_spin_lock cgv_lock;
scx_private(CGV_TREE) struct bpf_rb_root cgv_tree __contains(cgv_node, rb);

/* Each cgroup's node parks here while it is not in the tree (cgroup id -> node). */
struct cgv_stash {
	struct cgv_node __kptr *node;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, u64);
	__type(value, struct cgv_stash);
} cgv_stash SEC(".maps");

/* Per CPU: the cgroup whose slice it is running (0: none) and when that slice began. */
struct fcg_cpu {
	u64 cgid;
	u64 started;
	bool ran_fallback;  /* its last pick was a fallback task */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct fcg_cpu);
} cpus SEC(".maps");

/* Per task: its sum_exec_runtime when it bypassed the cgroup queues (0: it did not). */
struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, u64);
} bypassed SEC(".maps");

static __always_inline u64 slice_ns(void)
{
	return cgrp_slice_ns ?: scx_slice_dfl_ns;
}

static struct fcg_cgrp *cgrp_data(struct cgroup *cgrp)
{
	struct fcg_cgrp *cg = bpf_cgrp_storage_get(&cgrps, cgrp, 0, 0);

	if (!cg)
		scx_bpf_error("no data for cgroup %llu", scx_cgroup_id(cgrp));
	return cg;
}

static struct fcg_cgrp *ancestor_data(struct cgroup *cgrp, int level)
{
	struct fcg_cgrp *cg = scx_cgroup_ancestor_storage(&cgrps, cgrp, level);

	if (!cg)
		scx_bpf_error("no data for the level %d ancestor of cgroup %llu", level, scx_cgroup_id(cgrp));
	return cg;
}

/* Time charged to a cgroup for running ns: inversely proportional to its share. */
static __always_inline u64 cgrp_charge(struct fcg_cgrp *cg, u64 ns)
{
	return ns * HWEIGHT_ONE / (cg->hweight ?: 1);
}

/* Recomputes cg's hweight top-down from the root, unless the cached one is still current. */
static void refresh_hweight(struct cgroup *cgrp, struct fcg_cgrp *cg)
{
	int level;

	if (!cg->nr_active) {
		scx_count(&stats, STAT_HWT_SKIP);
		return;
	}
	if (cg->hweight_gen == hweight_gen) {
		scx_count(&stats, STAT_HWT_CACHE);
		return;
	}
	scx_count(&stats, STAT_HWT_UPDATES);

	bpf_for(level, 0, cgrp->level + 1) {
		struct fcg_cgrp *c = ancestor_data(cgrp, level), *parent;
		bool active;

		if (!c)
			return;
		if (level == 0) {
			c->hweight = HWEIGHT_ONE;
			c->hweight_gen = hweight_gen;
			continue;
		}
		parent = ancestor_data(cgrp, level - 1);
		if (!parent)
			return;
		/* Under the lock the weight sums change under, so a share never exceeds its parent's. */
		bpf_spin_lock(&cgv_lock);
		active = c->nr_active;
		if (active) {
			c->hweight = (parent->hweight * (u64)c->weight + parent->child_weight_sum - 1) /
				     (parent->child_weight_sum ?: 1);
			c->hweight_gen = parent->hweight_gen;
		}
		bpf_spin_unlock(&cgv_lock);
		if (!active) {
			/* A sleep raced with us; the next refresh gets it right. */
			scx_count(&stats, STAT_HWT_RACE);
			return;
		}
	}
}

/*
 * The most cvtime a cgroup may have banked: enough to take half the CPUs for
 * one slice at its share. Computed before taking cgv_lock (a kfunc call).
 */
static __always_inline u64 cgrp_budget(struct fcg_cgrp *cg)
{
	return slice_ns() * scx_bpf_nr_cpu_ids() * cg->hweight / (2 * HWEIGHT_ONE);
}

static bool cvtime_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct cgv_node, rb)->cvtime < container_of(b, struct cgv_node, rb)->cvtime;
}

/*
 * Puts a cgroup's node (owned, out of the tree) in the tree at its cvtime plus
 * the charges collected meanwhile; one that idled since it was last placed
 * keeps no more than its budget of credit. A busy cgroup keeps all of it: its
 * queue is also empty whenever all its tasks are running, and capping it then
 * gave a 300-weight cgroup beside a 100 one, each with as many busy tasks as
 * CPUs, 2.35 times the other's CPU time instead of 3.
 */
static __always_inline void tree_place(struct cgv_node *node, struct fcg_cgrp *cg)
{
	u64 budget = cgrp_budget(cg), cvtime;

	bpf_spin_lock(&cgv_lock);
	cvtime = node->cvtime + __sync_fetch_and_and(&cg->cvtime_delta, 0);
	if (cg->idled && vtime_before(cvtime, cvtime_now - budget))
		cvtime = cvtime_now - budget;
	cg->idled = 0;
	node->cvtime = cvtime;
	bpf_rbtree_add(&cgv_tree, &node->rb, cvtime_less);
	bpf_spin_unlock(&cgv_lock);
}

/* A task of cgrp was queued on its DSQ: put the cgroup in the tree unless it is there. */
static void cgrp_queue(struct cgroup *cgrp, struct fcg_cgrp *cg)
{
	u64 cgid = scx_cgroup_id(cgrp);
	struct cgv_stash *stash;
	struct cgv_node *node;

	if (__sync_val_compare_and_swap(&cg->queued, 0, 1)) {
		scx_count(&stats, STAT_ENQ_SKIP);
		return;
	}
	stash = bpf_map_lookup_elem(&cgv_stash, &cgid);
	if (!stash) {
		scx_bpf_error("no tree node for cgroup %llu", cgid);
		return;
	}
	node = bpf_kptr_xchg(&stash->node, NULL);
	if (!node) {
		/* Another CPU holds it (picking it) and will queue it again. */
		scx_count(&stats, STAT_ENQ_RACE);
		return;
	}
	tree_place(node, cg);
}

/* Marks p as run outside its cgroup's queue, to be charged to the cgroup when it stops. */
static void bypass(struct task_struct *p)
{
	u64 *at = bpf_task_storage_get(&bypassed, p, 0, 0);

	if (!at) {
		scx_bpf_error("no task data for %d", p->pid);
		return;
	}
	/* 0 means "not bypassing", so a task that never ran starts from -1 ns. */
	*at = p->se.sum_exec_runtime ?: (u64)-1;
}

s32 BPF_STRUCT_OPS(fcg_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;
	s32 cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);

	if (is_idle) {
		bypass(p);
		scx_count(&stats, STAT_LOCAL);
		scx_bpf_dsq_insert(p, scx_dsq_local_id, scx_slice_dfl_ns, 0);
	}
	return cpu;
}

void BPF_STRUCT_OPS(fcg_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct fcg_cgrp *cg;
	struct cgroup *cgrp;

	if (p->nr_cpus_allowed != scx_bpf_nr_cpu_ids()) {
		bypass(p);
		if (p->nr_cpus_allowed == 1 && (p->flags & PF_KTHREAD)) {
			scx_count(&stats, STAT_LOCAL);
			scx_bpf_dsq_insert(p, scx_dsq_local_id, scx_slice_dfl_ns, enq_flags);
		} else {
			scx_count(&stats, STAT_GLOBAL);
			scx_bpf_dsq_insert(p, FALLBACK_DSQ, scx_slice_dfl_ns, enq_flags);
		}
		return;
	}

	cgrp = scx_bpf_task_cgroup(p);
	cg = cgrp_data(cgrp);
	if (cg) {
		u64 cgid = scx_cgroup_id(cgrp);

		if (fifo_sched) {
			scx_bpf_dsq_insert(p, cgid, scx_slice_dfl_ns, enq_flags);
		} else {
			/* A task that slept gets at most one slice of credit within its cgroup. */
			u64 vtime = p->scx.dsq_vtime;

			if (vtime_before(vtime, cg->tvtime_now - scx_slice_dfl_ns))
				vtime = cg->tvtime_now - scx_slice_dfl_ns;
			scx_bpf_dsq_insert_vtime(p, cgid, scx_slice_dfl_ns, vtime, enq_flags);
		}
		cgrp_queue(cgrp, cg);
	}
	bpf_cgroup_release(cgrp);
}

/*
 * A task of cgrp became runnable (or stopped being): when that makes the
 * cgroup active (or idle), carry the change up through the ancestors' active
 * weight sums, as far as it changes anything.
 */
static void update_active(struct cgroup *cgrp, bool runnable)
{
	struct fcg_cgrp *cg = cgrp_data(cgrp);
	bool changed = false;
	int i;

	if (!cg)
		return;
	/* Only the first runnable task and the last to sleep take the lock. */
	if (runnable) {
		if (__sync_fetch_and_add(&cg->nr_runnable, 1))
			return;
		scx_count(&stats, STAT_ACT);
	} else {
		if (__sync_sub_and_fetch(&cg->nr_runnable, 1))
			return;
		scx_count(&stats, STAT_DEACT);
		cg->idled = 1;
		/* While still counted, so charges made after this use a current share. */
		refresh_hweight(cgrp, cg);
	}

	bpf_for(i, 0, cgrp->level) {
		int level = cgrp->level - i;
		struct fcg_cgrp *c = ancestor_data(cgrp, level);
		struct fcg_cgrp *parent = ancestor_data(cgrp, level - 1);
		bool up = false;

		if (!c || !parent)
			break;
		bpf_spin_lock(&cgv_lock);
		if (runnable ? !c->nr_active++ : !--c->nr_active) {
			parent->child_weight_sum += runnable ? c->weight : -(u64)c->weight;
			changed = up = true;
		}
		bpf_spin_unlock(&cgv_lock);
		if (!up)
			break;
	}
	if (changed)
		__sync_fetch_and_add(&hweight_gen, 1);
	if (runnable)
		refresh_hweight(cgrp, cg);
}

void BPF_STRUCT_OPS(fcg_runnable, struct task_struct *p, u64 enq_flags)
{
	struct cgroup *cgrp = scx_bpf_task_cgroup(p);

	update_active(cgrp, true);
	bpf_cgroup_release(cgrp);
}

void BPF_STRUCT_OPS(fcg_quiescent, struct task_struct *p, u64 deq_flags)
{
	struct cgroup *cgrp = scx_bpf_task_cgroup(p);

	update_active(cgrp, false);
	bpf_cgroup_release(cgrp);
}

void BPF_STRUCT_OPS(fcg_running, struct task_struct *p)
{
	struct cgroup *cgrp;
	struct fcg_cgrp *cg;

	if (fifo_sched)
		return;
	cgrp = scx_bpf_task_cgroup(p);
	cg = cgrp_data(cgrp);
	/* Racy between CPUs, but only ever a little behind. */
	if (cg && vtime_before(cg->tvtime_now, p->scx.dsq_vtime))
		cg->tvtime_now = p->scx.dsq_vtime;
	bpf_cgroup_release(cgrp);
}

void BPF_STRUCT_OPS(fcg_stopping, struct task_struct *p, bool runnable)
{
	struct cgroup *cgrp;
	struct fcg_cgrp *cg;
	u64 *at;

	if (!fifo_sched) {
		u64 used = scx_slice_dfl_ns - p->scx.slice;

		scx_task_set_dsq_vtime(p, p->scx.dsq_vtime + used * 100 / p->scx.weight);
	}

	at = bpf_task_storage_get(&bypassed, p, 0, 0);
	if (!at || !*at)
		return;
	/* It ran outside its cgroup's slices: charge the cgroup what it used. */
	cgrp = scx_bpf_task_cgroup(p);
	cg = cgrp_data(cgrp);
	if (cg) {
		__sync_fetch_and_add(&cg->cvtime_delta, cgrp_charge(cg, p->se.sum_exec_runtime - *at));
		*at = 0;
	}
	bpf_cgroup_release(cgrp);
}

void BPF_STRUCT_OPS(fcg_cgroup_set_weight, struct cgroup *cgrp, u32 weight)
{
	struct fcg_cgrp *cg = cgrp_data(cgrp), *parent = NULL;

	if (!cg)
		return;
	if (cgrp->level) {
		parent = ancestor_data(cgrp, cgrp->level - 1);
		if (!parent)
			return;
	}
	bpf_spin_lock(&cgv_lock);
	if (parent && cg->nr_active)
		parent->child_weight_sum += (s64)weight - cg->weight;
	cg->weight = weight;
	bpf_spin_unlock(&cgv_lock);
	__sync_fetch_and_add(&hweight_gen, 1);
}

/*
 * Puts node back in its cgroup's stash (it left the tree); drops it if the
 * cgroup is gone. An enqueue that ran between the caller's check of the DSQ
 * and this found no node to queue but left queued set: then the node goes
 * back in the tree here, else that cgroup's tasks would wait forever.
 */
static void park(u64 cgid, struct fcg_cgrp *cg, struct cgv_node *node)
{
	struct cgv_stash *stash = bpf_map_lookup_elem(&cgv_stash, &cgid);

	if (!stash) {
		bpf_obj_drop(node);
		return;
	}
	node = bpf_kptr_xchg(&stash->node, node);
	if (node) {
		scx_bpf_error("cgroup %llu had two tree nodes", cgid);
		bpf_obj_drop(node);
		return;
	}
	if (!cg->queued)
		return;
	node = bpf_kptr_xchg(&stash->node, NULL);
	if (!node)
		return; /* that enqueue, or a later one, queued it */
	scx_count(&stats, STAT_PNC_RACE);
	tree_place(node, cg);
}

/*
 * Takes the cgroup with the smallest cvtime out of the tree and moves its
 * first task to this CPU. Returns false to be called again (the cgroup was
 * gone or empty), true when done: *cgid is the cgroup now running, or 0 when
 * the tree was empty.
 */
static bool pick_cgroup(u64 *cgid)
{
	struct bpf_rb_node *rb;
	struct cgv_node *node;
	struct fcg_cgrp *cg;
	struct cgroup *cgrp;
	u64 id;

	bpf_spin_lock(&cgv_lock);
	rb = bpf_rbtree_first(&cgv_tree);
	if (!rb) {
		bpf_spin_unlock(&cgv_lock);
		scx_count(&stats, STAT_PNC_NO_CGRP);
		*cgid = 0;
		return true;
	}
	rb = bpf_rbtree_remove(&cgv_tree, rb);
	bpf_spin_unlock(&cgv_lock);
	if (!rb) {
		scx_count(&stats, STAT_BAD_REMOVAL);
		scx_bpf_error("the first cgroup could not be taken out of the tree");
		return true;
	}

	node = container_of(rb, struct cgv_node, rb);
	id = node->cgid;
	if (vtime_before(cvtime_now, node->cvtime))
		cvtime_now = node->cvtime;

	/* The node of a removed cgroup is freed here, as it leaves the tree. */
	cgrp = bpf_cgroup_from_id(id);
	if (!cgrp) {
		scx_count(&stats, STAT_PNC_GONE);
		bpf_obj_drop(node);
		return false;
	}
	cg = bpf_cgrp_storage_get(&cgrps, cgrp, 0, 0);
	if (!cg) {
		bpf_cgroup_release(cgrp);
		scx_count(&stats, STAT_PNC_GONE);
		bpf_obj_drop(node);
		return false;
	}

	if (!scx_bpf_dsq_move_to_local(id, 0)) {
		bpf_cgroup_release(cgrp);
		scx_count(&stats, STAT_PNC_EMPTY);
		/* Not queued any more; a task queued before this clears is seen below. */
		__sync_val_compare_and_swap(&cg->queued, 1, 0);
		if (scx_bpf_dsq_nr_queued(id)) {
			bpf_spin_lock(&cgv_lock);
			bpf_rbtree_add(&cgv_tree, &node->rb, cvtime_less);
			bpf_spin_unlock(&cgv_lock);
			scx_count(&stats, STAT_PNC_RACE);
		} else {
			park(id, cg, node);
		}
		return false;
	}

	refresh_hweight(cgrp, cg);
	bpf_cgroup_release(cgrp);

	/* Charge the whole slice now, so many low-share cgroups waking at once cannot flood the CPUs. */
	node->cvtime += cgrp_charge(cg, slice_ns());
	tree_place(node, cg);

	*cgid = id;
	scx_count(&stats, STAT_PNC_NEXT);
	return true;
}

/* The cgroup's slice on this CPU ended after ran ns: correct the full slice charged up front. */
static void settle_slice(u64 cgid, u64 ran)
{
	struct cgroup *cgrp = bpf_cgroup_from_id(cgid);
	struct fcg_cgrp *cg;

	if (!cgrp) {
		scx_count(&stats, STAT_CNS_GONE);
		return;
	}
	cg = bpf_cgrp_storage_get(&cgrps, cgrp, 0, 0);
	if (cg) {
		u64 slice = slice_ns();

		/* Unsigned division: charge or refund the difference. */
		if (ran >= slice)
			__sync_fetch_and_add(&cg->cvtime_delta, cgrp_charge(cg, ran - slice));
		else
			__sync_fetch_and_sub(&cg->cvtime_delta, cgrp_charge(cg, slice - ran));
	} else {
		scx_count(&stats, STAT_CNS_GONE);
	}
	bpf_cgroup_release(cgrp);
}

void BPF_STRUCT_OPS(fcg_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 zero = 0;
	struct fcg_cpu *c = bpf_map_lookup_elem(&cpus, &zero);
	u64 now = scx_now();
	bool picked = false;

	if (!c)
		return;

	if (c->cgid) {
		if (vtime_before(now, c->started + slice_ns())) {
			if (scx_bpf_dsq_move_to_local(c->cgid, 0)) {
				scx_count(&stats, STAT_CNS_KEEP);
				return;
			}
			scx_count(&stats, STAT_CNS_EMPTY);
		} else {
			scx_count(&stats, STAT_CNS_EXPIRE);
		}
		settle_slice(c->cgid, now - c->started);
	}

	c->started = now;
	/*
	 * The fallback DSQ and the cgroups take turns: after a fallback task the
	 * cgroups come first. Served first every time, a stream of pinned tasks
	 * (stress-ng's affinity stressors) kept every CPU on the fallback DSQ and
	 * starved the cgroups, RCU's kthread included (an RCU stall on 7.3).
	 */
	if (!c->ran_fallback && scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0)) {
		c->cgid = 0;
		c->ran_fallback = true;
		return;
	}
	bpf_repeat(PICK_RETRIES) {
		if (pick_cgroup(&c->cgid)) {
			picked = true;
			break;
		}
	}
	/* Only a long race with enqueues gets here, and those tasks are queued. */
	if (!picked) {
		scx_count(&stats, STAT_PNC_FAIL);
		c->cgid = 0;
	}
	if (c->cgid) {
		c->ran_fallback = false;
		return;
	}
	/* No cgroup had work: the fallback DSQ's turn again, if it has any. */
	c->ran_fallback = scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fcg_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	u64 *at = bpf_task_storage_get(&bypassed, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	struct cgroup *cgrp;
	struct fcg_cgrp *cg;

	if (!at)
		return -ENOMEM;
	*at = 0;
	/*
	 * args->cgroup is not a trusted pointer on 7.3 (the verifier refuses it to
	 * cgroup storage), so take a reference by id. A task starts at its
	 * cgroup's "now"; without one, enqueue brings it there anyway.
	 */
	cgrp = bpf_cgroup_from_id(args->cgroup->kn->id);
	if (!cgrp)
		return 0;
	cg = bpf_cgrp_storage_get(&cgrps, cgrp, 0, 0);
	if (cg)
		scx_task_set_dsq_vtime(p, cg->tvtime_now);
	bpf_cgroup_release(cgrp);
	return 0;
}

void BPF_STRUCT_OPS(fcg_cgroup_move, struct task_struct *p, struct cgroup *from, struct cgroup *to)
{
	struct fcg_cgrp *src = cgrp_data(from), *dst;

	if (!src || !(dst = cgrp_data(to)))
		return;
	/* Keep its place relative to its cgroup's "now". */
	scx_task_set_dsq_vtime(p, dst->tvtime_now + (p->scx.dsq_vtime - src->tvtime_now));
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fcg_cgroup_init, struct cgroup *cgrp, struct scx_cgroup_init_args *args)
{
	u64 cgid = scx_cgroup_id(cgrp);
	struct cgv_stash empty = {}, *stash;
	struct cgv_node *node;
	struct fcg_cgrp *cg;
	s32 ret;

	/* Cgroup ids fit in the 63 bits a user DSQ id has. */
	ret = scx_bpf_create_dsq(cgid, -1);
	if (ret) {
		scx_bpf_error("cannot create the DSQ of cgroup %llu (%d)", cgid, ret);
		return ret;
	}
	cg = bpf_cgrp_storage_get(&cgrps, cgrp, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!cg) {
		ret = -ENOMEM;
		goto destroy_dsq;
	}
	cg->weight = args->weight;
	cg->hweight = HWEIGHT_ONE;
	cg->idled = 1;

	ret = bpf_map_update_elem(&cgv_stash, &cgid, &empty, BPF_NOEXIST);
	if (ret)
		goto destroy_dsq;
	stash = bpf_map_lookup_elem(&cgv_stash, &cgid);
	node = bpf_obj_new(struct cgv_node);
	if (!stash || !node) {
		if (node)
			bpf_obj_drop(node);
		ret = -ENOMEM;
		goto delete_stash;
	}
	node->cgid = cgid;
	node->cvtime = cvtime_now;
	node = bpf_kptr_xchg(&stash->node, node);
	if (node) {
		bpf_obj_drop(node);
		ret = -EBUSY;
		goto delete_stash;
	}
	return 0;

delete_stash:
	bpf_map_delete_elem(&cgv_stash, &cgid);
destroy_dsq:
	scx_bpf_destroy_dsq(cgid);
	return ret;
}

void BPF_STRUCT_OPS(fcg_cgroup_exit, struct cgroup *cgrp)
{
	u64 cgid = scx_cgroup_id(cgrp);

	/* A node still in the tree is freed when pick_cgroup() finds its cgroup gone. */
	bpf_map_delete_elem(&cgv_stash, &cgid);
	scx_bpf_destroy_dsq(cgid);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(fcg_init)
{
	return scx_bpf_create_dsq(FALLBACK_DSQ, -1);
}

void BPF_STRUCT_OPS(fcg_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops flatcg_ops = {
	.select_cpu = (void *)fcg_select_cpu,
	.enqueue = (void *)fcg_enqueue,
	.dispatch = (void *)fcg_dispatch,
	.runnable = (void *)fcg_runnable,
	.running = (void *)fcg_running,
	.stopping = (void *)fcg_stopping,
	.quiescent = (void *)fcg_quiescent,
	.init_task = (void *)fcg_init_task,
	.cgroup_set_weight = (void *)fcg_cgroup_set_weight,
	.cgroup_init = (void *)fcg_cgroup_init,
	.cgroup_exit = (void *)fcg_cgroup_exit,
	.cgroup_move = (void *)fcg_cgroup_move,
	.init = (void *)fcg_init,
	.exit = (void *)fcg_exit,
	/* Exiting tasks go through enqueue too, so their cgroups' counts stay right. No cgroup-weight
	 * flag: the kernels that had one (6.15-6.17) only warned without it, 7.x has none. */
	.flags = SCX_OPS_ENQ_EXITING,
	.name = "flatcg",
};
