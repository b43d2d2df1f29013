/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_layered: tasks sorted into layers by rules; Java sizes each layer in CPUs.
 *
 * A task belongs to the first layer whose match rules it satisfies. The rules
 * come from Java in .rodata as OR groups of AND-ed rules; cgroup rules are
 * resolved by Java into cgrp_rule_bits (cgroup id -> one bit per rule), the
 * rest are task properties checked here. A layer has one DSQ per LLC, by
 * vtime (FIFO if the layer asks).
 *
 * Java owns the slow decisions: every -i it reads how long each layer's
 * tasks ran (layer_runtime_ns[]) and writes which layer owns each CPU
 * (cpu_owner[]). A Confined layer's tasks run only on its CPUs, a Grouped
 * layer's also on CPUs nobody owns and, when idle, on other layers' CPUs, an
 * Open layer's anywhere (unowned CPUs first); a protected layer's CPUs are
 * left to its own tasks. A CPU serves its owner's queues, then the high
 * fallback queue (tasks whose affinity excludes their layer's CPUs), then,
 * unless its owner is protected, the Open layers' and the Grouped ones, then
 * the low fallback queue, where tasks of layers that own no CPU wait. Once
 * that queue, or the queue of a layer left without CPUs (its tasks queued
 * before it lost them), has waited lo_wait_ns, a CPU serves it first, up to
 * lo_share of its time. A queue whose first task has waited, or which nobody
 * served, for longer than antistall_ns is served first by every CPU, whoever
 * owns it, so no task starves.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define MAX_CPUS 512
#define MAX_LLCS 64
#define MAX_LAYERS 16
#define MAX_GROUPS 256
#define MAX_RULES 256
#define COMM_LEN 16
#define NO_LAYER 0xffffffffu
#define HI_DSQ (MAX_LAYERS * MAX_LLCS)		/* tasks their layer's CPUs cannot take */
#define LO_DSQ (HI_DSQ + 1)			/* tasks of layers without CPUs, or without scheduler data */
#define NO_DSQ 0xffffffffu
#define TIMER_NS 10000000ULL			/* the antistall and ownership check */
#ifndef E2BIG
#define E2BIG 7
#endif
#ifndef EBUSY
#define EBUSY 16
#endif

/* LayerKind.Type's order. */
enum layer_kind { KIND_CONFINED, KIND_GROUPED, KIND_OPEN };

/* The rules this side checks, in the order of the Java RuleKind enum. */
enum rule_kind {
	R_CGROUP, R_COMM_PREFIX, R_COMM_EXCLUDE, R_PCOMM_PREFIX, R_PCOMM_EXCLUDE, R_NICE_ABOVE, R_NICE_BELOW,
	R_NICE_EQUALS, R_UID, R_GID, R_PID, R_PPID, R_TGID, R_GROUP_LEADER, R_KTHREAD, R_AVG_RUNTIME,
};

/* The machine and the layers, from Java. */
const volatile u32 nr_cpus = 1, nr_llcs = 1, nr_layers = 1;
const volatile u32 cpu_llc[MAX_CPUS];
const volatile s32 cpu_sibling[MAX_CPUS];	/* another CPU of its core, or itself */
const volatile u64 antistall_ns = 3000000000ULL;
const volatile u64 lo_wait_ns = 10000000;	/* --lo-fb-wait-us */
const volatile u32 lo_share_ppk = 51;		/* --lo-fb-share, in 1024ths */
const volatile u32 layer_kind[MAX_LAYERS];
const volatile u64 layer_slice_ns[MAX_LAYERS];
const volatile u64 layer_min_exec_ns[MAX_LAYERS];
const volatile u32 layer_yield_keep[MAX_LAYERS];	/* per mille of the slice a yield keeps */
const volatile u32 layer_perf[MAX_LAYERS];		/* cpuperf target while it runs, 0: left alone */
const volatile bool layer_preempt[MAX_LAYERS], layer_preempt_first[MAX_LAYERS], layer_protected[MAX_LAYERS];
const volatile bool layer_exclusive[MAX_LAYERS], layer_fifo[MAX_LAYERS];
const volatile u64 layer_cpus[MAX_LAYERS][MAX_CPUS / 64];	/* the CPUs of its llcs and nodes, or all */

/* Match group g belongs to group_layer[g]: rules group_first[g] .. + group_len[g] must all hold. */
const volatile u32 nr_groups;
const volatile u32 group_layer[MAX_GROUPS], group_first[MAX_GROUPS], group_len[MAX_GROUPS];
const volatile u32 rule_kind[MAX_RULES];
const volatile s64 rule_value[MAX_RULES];	/* a number, a flag, a cgroup rule's bit, or a range's start */
const volatile u64 rule_end[MAX_RULES];		/* a range's end (excluded) */
const volatile bool rematch_each_run;		/* some rule reads the average runtime, which every run changes */
const volatile bool rules_read_parent, rules_read_ids;	/* some rule reads the parent, the uid or gid */
const volatile char rule_text[MAX_RULES][COMM_LEN];

/* Written by Java (which writes cpu_owner[] before attaching: zero would make layer 0 own all). */
volatile u32 cpu_owner[MAX_CPUS];		/* a layer, or NO_LAYER */
volatile u32 layer_nr_cpus[MAX_LAYERS];		/* CPUs each layer owns */
volatile u64 owner_gen;				/* bumped after cpu_owner[] changes */
volatile u64 cgroup_gen;			/* bumped after cgrp_rule_bits changes */

/* Read by Java. */
u64 layer_runtime_ns[MAX_LAYERS];
s64 layer_nr_tasks[MAX_LAYERS];

/* This side's own state. */
u32 cpu_running[MAX_CPUS];			/* the layer of the task a CPU runs, or NO_LAYER */
static u64 layer_vtime_now[MAX_LAYERS];
#define NR_DSQ_IDS 2048			/* a power of two above LO_DSQ */
static u64 dsq_served_at[NR_DSQ_IDS];		/* when each DSQ last gave a CPU a task */
static u32 stalled_dsq = NO_DSQ;
static u64 lo_next_at[MAX_CPUS];		/* when a CPU may serve the low fallback queue first again */
static bool lo_taken[MAX_CPUS];			/* the CPU's next task comes from there */
static u64 owner_seen;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, u64);		/* cgroup id */
	__type(value, u64);		/* bit b: the cgroup matches the cgroup rule with bit b */
} cgrp_rule_bits SEC(".maps");

/* What a task's layer was matched on: any change matches it again. */
#define MATCH_KEY_WORDS 8
struct match_key {
	u64 comm[2];
	u64 pcomm[2];	/* with rules_read_parent */
	u64 ppid;	/* with rules_read_parent */
	u64 ids;	/* uid << 32 | gid, with rules_read_ids */
	u64 cgid;
	u64 prio_gen;	/* static_prio << 32 | cgroup_gen */
};
_Static_assert(sizeof(struct match_key) == MATCH_KEY_WORDS * sizeof(u64), "compared word by word");

struct task_ctx {
	struct match_key key;
	u32 layer;
	s32 last_cpu;
	u64 started_at;
	u64 queued_at;	/* when it was last put on a shared DSQ */
	bool from_lo;	/* this run was served first from a low queue: it counts against lo_share */
	u64 avg_runtime;	/* ns per run, a running average */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

struct layered_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct layered_timer);
} timer SEC(".maps");

/* In LayeredStats' order. */
enum layered_stat {
	STAT_LOCAL, STAT_QUEUED, STAT_KEEP, STAT_HI, STAT_LO, STAT_LO_FIRST, STAT_ANTISTALL, STAT_RELAYER, NR_LAYERED_STATS
};
enum layered_layer_stat { LSTAT_ENQ, LSTAT_PREEMPT, LSTAT_MIGRATIONS, LSTAT_YIELD, NR_LSTATS };

SCX_COUNTERS(stats, NR_LAYERED_STATS);

SCX_COUNTERS(layer_stats, MAX_LAYERS * NR_LSTATS);

static __always_inline u32 cpu_idx(s32 cpu)
{
	return (u32)cpu & (MAX_CPUS - 1);
}

static __always_inline u32 layer_idx(u32 layer)
{
	return layer & (MAX_LAYERS - 1);
}

/* dsq_served_at[]'s index; the mask in asm, which the compiler cannot drop after a range check. */
static __always_inline u32 dsq_idx(u32 dsq)
{
	asm volatile("%0 &= %1" : "+r"(dsq) : "i"(NR_DSQ_IDS - 1));
	return dsq;
}

static __always_inline u32 layer_dsq(u32 layer, u32 llc)
{
	return layer_idx(layer) * MAX_LLCS + (llc & (MAX_LLCS - 1));
}

static __always_inline void count_layer(u32 layer, u32 stat)
{
	scx_count(&layer_stats, layer_idx(layer) * NR_LSTATS + stat);
}

static __always_inline struct task_ctx *task_ctx(const struct task_struct *p)
{
	return bpf_task_storage_get(&task_ctxs, (struct task_struct *)p, 0, 0);
}

/* ---- Matching ---- */

/* What the rules ask about a task, read once per match. */
struct facts {
	char comm[COMM_LEN];
	char pcomm[COMM_LEN];
	u64 cgroup_bits;
	s64 nice;
	u64 avg_runtime_us;
	u32 uid, gid, pid, ppid, tgid;
	bool kthread;
};

static __always_inline u64 task_cgroup_id(struct task_struct *p)
{
	return BPF_CORE_READ(p, cgroups, dfl_cgrp, kn, id);
}

static __always_inline void read_facts(struct task_struct *p, struct task_ctx *t, struct facts *f)
{
	struct task_struct *parent = BPF_CORE_READ(p, real_parent);
	u64 cgid = task_cgroup_id(p), *bits;

	bpf_probe_read_kernel(f->comm, sizeof(f->comm), p->comm);
	if (bpf_probe_read_kernel(f->pcomm, sizeof(f->pcomm), parent->comm))
		f->pcomm[0] = 0;
	bits = bpf_map_lookup_elem(&cgrp_rule_bits, &cgid);
	f->cgroup_bits = bits ? *bits : 0;
	f->nice = (s64)p->static_prio - 120;
	f->uid = BPF_CORE_READ(p, cred, euid.val);
	f->gid = BPF_CORE_READ(p, cred, egid.val);
	f->pid = p->pid;
	f->tgid = p->tgid;
	f->ppid = BPF_CORE_READ(parent, tgid);
	f->kthread = p->flags & PF_KTHREAD;
	f->avg_runtime_us = t->avg_runtime / 1000;
}

static __always_inline bool has_prefix(const char *s, u32 rule)
{
#pragma unroll
	for (int i = 0; i < COMM_LEN; i++) {
		char c = rule_text[rule][i];

		if (!c)
			return true;
		if (s[i] != c)
			return false;
	}
	return true;
}

static __always_inline bool rule_holds(const struct facts *f, u32 rule)
{
	s64 v = rule_value[rule];

	switch (rule_kind[rule]) {
	case R_CGROUP:		return f->cgroup_bits & (1ULL << (v & 63));
	case R_COMM_PREFIX:	return has_prefix(f->comm, rule);
	case R_COMM_EXCLUDE:	return !has_prefix(f->comm, rule);
	case R_PCOMM_PREFIX:	return has_prefix(f->pcomm, rule);
	case R_PCOMM_EXCLUDE:	return !has_prefix(f->pcomm, rule);
	case R_NICE_ABOVE:	return f->nice > v;
	case R_NICE_BELOW:	return f->nice < v;
	case R_NICE_EQUALS:	return f->nice == v;
	case R_UID:		return f->uid == v;
	case R_GID:		return f->gid == v;
	case R_PID:		return f->pid == v;
	case R_PPID:		return f->ppid == v;
	case R_TGID:		return f->tgid == v;
	case R_GROUP_LEADER:	return (f->pid == f->tgid) == !!v;
	case R_KTHREAD:		return f->kthread == !!v;
	case R_AVG_RUNTIME:	return f->avg_runtime_us >= (u64)v && f->avg_runtime_us < rule_end[rule];
	}
	return false;
}

/* The first layer with a group whose rules all hold; the last layer takes the rest. */
static __always_inline u32 match_layer(struct task_struct *p, struct task_ctx *t)
{
	struct facts f = {};
	u32 g, k;

	read_facts(p, t, &f);
	bpf_for(g, 0, nr_groups) {
		u32 gi = g & (MAX_GROUPS - 1), first = group_first[gi], len = group_len[gi];
		bool all = true;

		bpf_for(k, 0, len) {
			if (!rule_holds(&f, (first + k) & (MAX_RULES - 1))) {
				all = false;
				break;
			}
		}
		if (all)
			return group_layer[gi] < nr_layers ? group_layer[gi] : nr_layers - 1;
	}
	return nr_layers - 1;
}

static __always_inline void set_layer(struct task_struct *p, struct task_ctx *t, u32 layer)
{
	if (t->layer < MAX_LAYERS)
		__sync_fetch_and_sub(&layer_nr_tasks[layer_idx(t->layer)], 1);
	__sync_fetch_and_add(&layer_nr_tasks[layer_idx(layer)], 1);
	t->layer = layer;
	scx_task_set_dsq_vtime(p, layer_vtime_now[layer_idx(layer)]);
}

static __always_inline void read_key(struct task_struct *p, struct match_key *k)
{
	struct task_struct *parent;

	bpf_probe_read_kernel(k->comm, sizeof(k->comm), p->comm);
	if (rules_read_parent) {
		parent = BPF_CORE_READ(p, real_parent);
		bpf_probe_read_kernel(k->pcomm, sizeof(k->pcomm), parent->comm);
		k->ppid = BPF_CORE_READ(parent, tgid);
	}
	if (rules_read_ids)
		k->ids = (u64)BPF_CORE_READ(p, cred, euid.val) << 32 | BPF_CORE_READ(p, cred, egid.val);
	k->cgid = task_cgroup_id(p);
	k->prio_gen = (u64)p->static_prio << 32 | (u32)cgroup_gen;
}

/*
 * Matches p again if what the rules read may have changed: its name, its
 * parent's name or pid, its ids, cgroup, nice or the cgroup rules' map (or,
 * with AvgRuntime rules, every run). Checked at every enqueue rather than
 * from tracepoints or ops.cgroup_move: a few loads cover them all, and a CPU
 * hog that renames itself or moves is re-enqueued at its slice's end.
 */
static __always_inline void refresh_layer(struct task_struct *p, struct task_ctx *t)
{
	struct match_key k = {};
	u64 *now = (u64 *)&k, *then = (u64 *)&t->key;
	bool same = true;
	u32 layer;

	read_key(p, &k);
#pragma unroll
	for (int i = 0; i < MATCH_KEY_WORDS; i++)
		same = same && now[i] == then[i];
	if (same)
		return;
	t->key = k;
	layer = match_layer(p, t);
	if (layer != t->layer) {
		set_layer(p, t, layer);
		scx_count(&stats, STAT_RELAYER);
	}
}

/* ---- Placement ---- */

/* Whether cpu is another layer's, protected from the rest. */
static __always_inline bool protected_from(u32 layer, u32 owner)
{
	return owner != layer && owner != NO_LAYER && layer_protected[layer_idx(owner)];
}

/* Whether cpu is among the layer's llcs and nodes (every CPU if it names none). */
static __always_inline bool in_reach(u32 layer, s32 cpu)
{
	u32 c = cpu_idx(cpu);

	return layer_cpus[layer_idx(layer)][c / 64] & (1ULL << (c % 64));
}

/* Whether layer's tasks may run on cpu. */
static __always_inline bool may_run(u32 layer, s32 cpu)
{
	u32 owner = cpu_owner[cpu_idx(cpu)];

	switch (layer_kind[layer_idx(layer)]) {
	case KIND_CONFINED:	return owner == layer;
	case KIND_GROUPED:	return owner == layer || (owner == NO_LAYER && in_reach(layer, cpu));
	default:		return !protected_from(layer, owner) && in_reach(layer, cpu);
	}
}

/* Whether layer's tasks may take cpu while it is idle: a Grouped layer's also spill to other layers' CPUs. */
static __always_inline bool may_take_idle(u32 layer, s32 cpu)
{
	u32 owner = cpu_owner[cpu_idx(cpu)];

	if (layer_kind[layer_idx(layer)] == KIND_GROUPED)
		return owner == layer || (!protected_from(layer, owner) && in_reach(layer, cpu));
	return may_run(layer, cpu);
}

/* Whether cpu is where layer's tasks go first: its own, or for an Open layer one nobody owns. */
static __always_inline bool prefers(u32 layer, s32 cpu)
{
	u32 owner = cpu_owner[cpu_idx(cpu)];

	return layer_kind[layer_idx(layer)] == KIND_OPEN ? owner == NO_LAYER && in_reach(layer, cpu) : owner == layer;
}

/* Whether cpu's SMT sibling runs an exclusive layer's task, so cpu stays idle. */
static __always_inline bool beside_exclusive(s32 cpu)
{
	s32 sib = cpu_sibling[cpu_idx(cpu)];

	return sib != cpu && layer_exclusive[layer_idx(cpu_running[cpu_idx(sib)])] &&
	       cpu_running[cpu_idx(sib)] != NO_LAYER;
}

/* An idle CPU for p, claimed: its preferred CPUs (prev first), then the others it may use; -EBUSY if none. */
static __always_inline s32 pick_idle(struct task_struct *p, u32 layer, s32 prev)
{
	u32 pass, i;
	s32 cpu;

	if (prefers(layer, prev) && bpf_cpumask_test_cpu(prev, p->cpus_ptr) && !beside_exclusive(prev) &&
	    scx_bpf_test_and_clear_cpu_idle(prev))
		return prev;
	bpf_for(pass, 0, 2) {
		bpf_for(i, 0, nr_cpus) {
			cpu = (prev + i) % nr_cpus;
			if (!(pass ? may_take_idle(layer, cpu) : prefers(layer, cpu)) || beside_exclusive(cpu) ||
			    !bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
				continue;
			if (scx_bpf_test_and_clear_cpu_idle(cpu))
				return cpu;
		}
	}
	return -EBUSY;
}

/* Whether p of layer may preempt what cpu runs: a task of a layer that does not preempt. */
static __always_inline bool preemptible(struct task_struct *p, u32 layer, s32 cpu)
{
	u32 running = cpu_running[cpu_idx(cpu)];

	return running < nr_layers && !layer_preempt[layer_idx(running)] && may_take_idle(layer, cpu) &&
	       bpf_cpumask_test_cpu(cpu, p->cpus_ptr);
}

/* Whether p's layer would rather preempt its previous CPU than look for an idle one. */
static __always_inline bool preempt_first(struct task_struct *p, u32 layer, s32 prev)
{
	return layer_preempt[layer_idx(layer)] && layer_preempt_first[layer_idx(layer)] && preemptible(p, layer, prev);
}

/* A CPU p may preempt, prev first, or -EBUSY. */
static __always_inline s32 pick_victim(struct task_struct *p, u32 layer, s32 prev)
{
	u32 i;
	s32 cpu;

	bpf_for(i, 0, nr_cpus) {
		cpu = (prev + i) % nr_cpus;
		if (preemptible(p, layer, cpu))
			return cpu;
	}
	return -EBUSY;
}

/* Whether some CPU p may use is one its layer may use. */
static __always_inline bool reachable(struct task_struct *p, u32 layer)
{
	u32 cpu;

	bpf_for(cpu, 0, nr_cpus) {
		if (may_run(layer, cpu) && bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
			return true;
	}
	return false;
}

static __always_inline u64 task_vtime(struct task_struct *p, u32 layer)
{
	u64 now = layer_vtime_now[layer_idx(layer)], slice = layer_slice_ns[layer_idx(layer)];

	/* A long sleep earns at most one slice of credit. */
	return vtime_before(p->scx.dsq_vtime, now - slice) ? now - slice : p->scx.dsq_vtime;
}

static __always_inline void insert_on(struct task_struct *p, s32 cpu, u32 layer, u64 enq_flags)
{
	scx_count(&stats, STAT_LOCAL);
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, layer_slice_ns[layer_idx(layer)], enq_flags);
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
}

/* Notes when t's task was queued on dsq, and when dsq, if empty, began to wait. */
static __always_inline void note_queued(struct task_ctx *t, u32 dsq)
{
	u64 now = bpf_ktime_get_ns();

	t->queued_at = now;
	if (!scx_bpf_dsq_nr_queued(dsq))
		dsq_served_at[dsq_idx(dsq)] = now;
}

/* Queues p where any CPU it may use takes it (after its own layers' work for LO_DSQ), and wakes one. */
static __always_inline void queue_fallback(struct task_struct *p, struct task_ctx *t, u32 dsq, u32 layer, u64 enq_flags,
					   u32 stat)
{
	s32 idle;

	scx_count(&stats, stat);
	note_queued(t, dsq);
	scx_bpf_dsq_insert(p, dsq, layer_slice_ns[layer_idx(layer)], enq_flags);
	if ((idle = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0)) >= 0)
		scx_bpf_kick_cpu(idle, SCX_KICK_IDLE);
}

s32 BPF_STRUCT_OPS(layered_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_ctx *t = task_ctx(p);
	s32 cpu;

	if (!t || scx_task_pinned(p))
		return prev_cpu;
	refresh_layer(p, t);
	if (preempt_first(p, t->layer, prev_cpu))
		return prev_cpu;	/* enqueue preempts it */
	cpu = pick_idle(p, t->layer, prev_cpu);
	if (cpu < 0)
		return prev_cpu;
	count_layer(t->layer, LSTAT_ENQ);
	scx_count(&stats, STAT_LOCAL);
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, layer_slice_ns[layer_idx(t->layer)], 0);
	return cpu;
}

void BPF_STRUCT_OPS(layered_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *t = task_ctx(p);
	s32 cpu = scx_bpf_task_cpu(p), other;
	u32 layer, dsq;

	if (!t) {
		scx_count(&stats, STAT_LO);
		scx_bpf_dsq_insert(p, LO_DSQ, scx_slice_dfl_ns, enq_flags);
		return;
	}
	refresh_layer(p, t);
	layer = t->layer;
	count_layer(layer, LSTAT_ENQ);
	/*
	 * Per-CPU kthreads, and tasks that may not migrate just now, never wait
	 * behind a layer. Tasks pinned by affinity do: a stream of them on a
	 * CPU's local DSQ would keep it from ever reaching dispatch.
	 */
	if (scx_task_percpu_kthread(p) || (p->nr_cpus_allowed > 1 && scx_task_pinned(p))) {
		insert_on(p, cpu, layer, enq_flags);
		return;
	}
	/* Its slice ended with nothing else to run here: it stays if its layer may use this CPU. */
	if ((enq_flags & bpf_core_enum_value(enum scx_enq_flags, SCX_ENQ_LAST)) && may_run(layer, cpu) &&
	    !beside_exclusive(cpu)) {
		scx_count(&stats, STAT_KEEP);
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL, layer_slice_ns[layer_idx(layer)], enq_flags);
		return;
	}
	if (!preempt_first(p, layer, cpu) && (other = pick_idle(p, layer, cpu)) >= 0) {
		insert_on(p, other, layer, enq_flags);
		return;
	}
	if (layer_preempt[layer_idx(layer)] && (other = pick_victim(p, layer, cpu)) >= 0) {
		count_layer(layer, LSTAT_PREEMPT);
		insert_on(p, other, layer, enq_flags | bpf_core_enum_value(enum scx_enq_flags, SCX_ENQ_PREEMPT));
		return;
	}
	if (layer_kind[layer_idx(layer)] != KIND_OPEN && !layer_nr_cpus[layer_idx(layer)]) {
		queue_fallback(p, t, LO_DSQ, layer, enq_flags, STAT_LO);
		return;
	}
	if (p->nr_cpus_allowed < nr_cpus && !reachable(p, layer)) {
		queue_fallback(p, t, HI_DSQ, layer, enq_flags, STAT_HI);
		return;
	}
	dsq = layer_dsq(layer, cpu_llc[cpu_idx(cpu)]);
	note_queued(t, dsq);
	scx_count(&stats, STAT_QUEUED);
	if (layer_fifo[layer_idx(layer)])
		scx_bpf_dsq_insert(p, dsq, layer_slice_ns[layer_idx(layer)], enq_flags);
	else
		scx_bpf_dsq_insert_vtime(p, dsq, layer_slice_ns[layer_idx(layer)], task_vtime(p, layer), enq_flags);
}

/* ---- Dispatch ---- */

static __always_inline bool take(u32 dsq)
{
	if (!scx_bpf_dsq_move_to_local(dsq, 0))
		return false;
	dsq_served_at[dsq_idx(dsq)] = bpf_ktime_get_ns();
	return true;
}

/* One task of layer's DSQs, this CPU's LLC first. */
static __always_inline bool take_layer(u32 layer, u32 llc)
{
	u32 i;

	bpf_for(i, 0, nr_llcs) {
		if (take(layer_dsq(layer, (llc + i) % nr_llcs)))
			return true;
	}
	return false;
}

/* One task of the first layer of kind that may use cpu and has one queued. */
static __always_inline bool take_kind(u32 kind, s32 cpu, u32 llc)
{
	u32 layer;

	bpf_for(layer, 0, nr_layers) {
		if (layer_kind[layer_idx(layer)] == kind && in_reach(layer, cpu) && take_layer(layer, llc))
			return true;
	}
	return false;
}

/* Whether dsq has waited lo_wait_ns for a CPU. */
static __always_inline bool overdue(u32 dsq, u64 now)
{
	return scx_bpf_dsq_nr_queued(dsq) && scx_older_than(dsq_served_at[dsq_idx(dsq)], now, lo_wait_ns);
}

/* A task of the low fallback queue or of a layer left without CPUs, whichever waited lo_wait_ns. */
static __always_inline bool take_low(u32 llc, u64 now)
{
	u32 layer, i;

	if (overdue(LO_DSQ, now) && take(LO_DSQ))
		return true;
	bpf_for(layer, 0, nr_layers) {
		if (layer_kind[layer_idx(layer)] == KIND_OPEN || layer_nr_cpus[layer_idx(layer)])
			continue;
		bpf_for(i, 0, nr_llcs) {
			u32 dsq = layer_dsq(layer, (llc + i) % nr_llcs);

			if (overdue(dsq, now) && take(dsq))
				return true;
		}
	}
	return false;
}

void BPF_STRUCT_OPS(layered_dispatch, s32 cpu, struct task_struct *prev)
{
	u32 owner = cpu_owner[cpu_idx(cpu)], llc = cpu_llc[cpu_idx(cpu)], stalled = stalled_dsq;
	u64 now = bpf_ktime_get_ns();

	if (beside_exclusive(cpu))
		return;
	if (stalled != NO_DSQ && take(stalled)) {
		scx_count(&stats, STAT_ANTISTALL);
		return;
	}
	if ((s64)(now - lo_next_at[cpu_idx(cpu)]) >= 0 && take_low(llc, now)) {
		lo_taken[cpu_idx(cpu)] = true;	/* dispatch runs with the local DSQ empty: it runs next */
		scx_count(&stats, STAT_LO_FIRST);
		return;
	}
	if (owner < nr_layers && take_layer(owner, llc))
		return;
	if (take(HI_DSQ))
		return;
	if (!(owner < nr_layers && layer_protected[layer_idx(owner)]) &&
	    (take_kind(KIND_OPEN, cpu, llc) || take_kind(KIND_GROUPED, cpu, llc)))
		return;
	take(LO_DSQ);
}

/* ---- Accounting ---- */

void BPF_STRUCT_OPS(layered_running, struct task_struct *p)
{
	struct task_ctx *t = task_ctx(p);
	s32 cpu = scx_bpf_task_cpu(p);
	u32 layer;

	if (!t)
		return;
	layer = layer_idx(t->layer);
	t->started_at = bpf_ktime_get_ns();
	cpu_running[cpu_idx(cpu)] = layer;
	t->from_lo = lo_taken[cpu_idx(cpu)];
	lo_taken[cpu_idx(cpu)] = false;
	if (t->last_cpu != cpu) {
		if (t->last_cpu >= 0)
			count_layer(layer, LSTAT_MIGRATIONS);
		t->last_cpu = cpu;
	}
	if (vtime_before(layer_vtime_now[layer], p->scx.dsq_vtime))
		layer_vtime_now[layer] = p->scx.dsq_vtime;
	if (layer_perf[layer] && bpf_ksym_exists(scx_bpf_cpuperf_set))
		scx_bpf_cpuperf_set(cpu, layer_perf[layer]);
	/* An exclusive layer's task sends its SMT sibling's task away. */
	if (layer_exclusive[layer] && cpu_sibling[cpu_idx(cpu)] != cpu)
		scx_bpf_kick_cpu(cpu_sibling[cpu_idx(cpu)], SCX_KICK_PREEMPT);
}

void BPF_STRUCT_OPS(layered_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *t = task_ctx(p);
	s32 cpu = scx_bpf_task_cpu(p);
	u64 ran;
	u32 layer;

	if (!t)
		return;
	layer = layer_idx(t->layer);
	cpu_running[cpu_idx(cpu)] = NO_LAYER;
	/* An exclusive layer's task leaves: its SMT sibling may run again. */
	if (layer_exclusive[layer] && cpu_sibling[cpu_idx(cpu)] != cpu)
		scx_bpf_kick_cpu(cpu_sibling[cpu_idx(cpu)], SCX_KICK_IDLE);
	ran = bpf_ktime_get_ns() - t->started_at;
	__sync_fetch_and_add(&layer_runtime_ns[layer], ran);
	/* A run off the low fallback queue: this CPU serves it first again after its share of time. */
	if (t->from_lo) {
		t->from_lo = false;
		lo_next_at[cpu_idx(cpu)] = t->started_at + ran * 1024 / lo_share_ppk;
	}
	t->avg_runtime = scx_ewma(t->avg_runtime, ran);
	if (rematch_each_run)
		t->key.prio_gen = ~0ULL;	/* refresh_layer matches it again */
	ran = max_u64(ran, layer_min_exec_ns[layer]);
	scx_task_set_dsq_vtime(p, p->scx.dsq_vtime + ran * 100 / max_u64(p->scx.weight, 1));
}

bool BPF_STRUCT_OPS(layered_yield, struct task_struct *from, struct task_struct *to)
{
	struct task_ctx *t = task_ctx(from);

	if (t) {
		count_layer(t->layer, LSTAT_YIELD);
		scx_task_set_slice(from, from->scx.slice * layer_yield_keep[layer_idx(t->layer)] / 1000);
	}
	return false;
}

void BPF_STRUCT_OPS(layered_enable, struct task_struct *p)
{
	struct task_ctx *t = task_ctx(p);

	if (!t)
		return;
	t->layer = NO_LAYER;
	t->last_cpu = -1;
	read_key(p, &t->key);
	set_layer(p, t, match_layer(p, t));
}

void BPF_STRUCT_OPS(layered_disable, struct task_struct *p)
{
	struct task_ctx *t = task_ctx(p);

	if (t && t->layer < MAX_LAYERS) {
		__sync_fetch_and_sub(&layer_nr_tasks[layer_idx(t->layer)], 1);
		t->layer = NO_LAYER;
	}
}

s32 BPF_STRUCT_OPS_SLEEPABLE(layered_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *t = bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!t)
		return -ENOMEM;
	t->layer = NO_LAYER;
	return 0;
}

/* ---- Antistall and ownership changes ---- */

/*
 * Whether dsq's first task has waited longer than antistall_ns (a task without
 * data counts as waiting), or dsq has tasks but gave none for that long: in
 * vtime order, the task that waits longest need not be the first.
 */
static __always_inline bool stalled(u32 dsq, u64 now)
{
	struct task_struct *p;
	struct task_ctx *t;
	bool late = false;

	bpf_for_each(scx_dsq, p, dsq, 0) {
		t = task_ctx(p);
		late = !t || scx_older_than(t->queued_at, now, antistall_ns) ||
		       scx_older_than(dsq_served_at[dsq_idx(dsq)], now, antistall_ns);
		break;
	}
	return late;
}

/* The first DSQ, layers' then fallbacks', whose first task waited past antistall_ns, or NO_DSQ. */
static __always_inline u32 find_stalled(u64 now)
{
	u32 layer, llc;

	bpf_for(layer, 0, nr_layers) {
		bpf_for(llc, 0, nr_llcs) {
			if (stalled(layer_dsq(layer, llc), now))
				return layer_dsq(layer, llc);
		}
	}
	if (stalled(HI_DSQ, now))
		return HI_DSQ;
	return stalled(LO_DSQ, now) ? LO_DSQ : NO_DSQ;
}

static int on_timer(void *map, int *key, struct bpf_timer *tm)
{
	u64 gen = owner_gen;
	u32 cpu;

	stalled_dsq = find_stalled(bpf_ktime_get_ns());
	/* CPUs that changed owner, or must serve a stalled queue, may be idle with work now. */
	if (gen != owner_seen || stalled_dsq != NO_DSQ) {
		owner_seen = gen;
		bpf_for(cpu, 0, nr_cpus)
			scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	}
	bpf_timer_start(tm, TIMER_NS, 0);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(layered_init)
{
	struct layered_timer *tm;
	u32 layer, llc, cpu, key = 0;
	s32 err;

	if (nr_cpus > MAX_CPUS || nr_llcs > MAX_LLCS || nr_layers > MAX_LAYERS)
		return -E2BIG;
	bpf_for(cpu, 0, nr_cpus)
		cpu_running[cpu_idx(cpu)] = NO_LAYER;
	bpf_for(layer, 0, nr_layers) {
		bpf_for(llc, 0, nr_llcs) {
			if ((err = scx_bpf_create_dsq(layer_dsq(layer, llc), -1)))
				return err;
		}
	}
	if ((err = scx_bpf_create_dsq(HI_DSQ, -1)) || (err = scx_bpf_create_dsq(LO_DSQ, -1)))
		return err;
	tm = bpf_map_lookup_elem(&timer, &key);
	if (!tm)
		return -ESRCH;
	bpf_timer_init(&tm->timer, &timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&tm->timer, on_timer);
	return bpf_timer_start(&tm->timer, TIMER_NS, 0);
}

void BPF_STRUCT_OPS(layered_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops layered_ops = {
	/* A CPU's last task comes back through enqueue, which keeps it there only where its layer may run. */
	.flags = SCX_OPS_ENQ_LAST,
	.select_cpu = (void *)layered_select_cpu,
	.enqueue = (void *)layered_enqueue,
	.dispatch = (void *)layered_dispatch,
	.running = (void *)layered_running,
	.stopping = (void *)layered_stopping,
	.yield = (void *)layered_yield,
	.enable = (void *)layered_enable,
	.disable = (void *)layered_disable,
	.init_task = (void *)layered_init_task,
	.init = (void *)layered_init,
	.exit = (void *)layered_exit,
	.timeout_ms = 5000,
	.name = "layered",
};
