/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_pair: core scheduling by cgroup. CPUs are paired (CPU i with CPU
 * i + stride, set by userspace) and the two CPUs of a pair only ever run
 * tasks of the same cgroup at the same time: the pair's "active cgroup".
 *
 * Each cgroup has its own FIFO DSQ (id = cgroup id). A queue of cgroup ids
 * (top_q) lists the cgroups that have queued tasks, each once, in round-robin
 * order. A CPU of a pair only takes tasks from the pair's active cgroup.
 * The pair moves to the next listed cgroup when its batch time (the default
 * slice) runs out, when the active cgroup has nothing queued, when neither
 * CPU can run any of its queued tasks (pinned elsewhere), or when a
 * higher-priority class took one of the CPUs. It first drains: no CPU of
 * the pair starts a new task of the old cgroup, and the switch happens only
 * once the other CPU is neither running nor about to run one ("occupied").
 * The CPU that switches kicks the other one so it joins the new cgroup.
 *
 * Every task goes through enqueue (no direct dispatch from select_cpu,
 * ENQ_LAST so an expired task is never silently kept on its CPU, exiting
 * and migration-disabled tasks included), so even per-CPU kernel threads
 * and pinned tasks wait for their cgroup's turn on their CPU. The kernel
 * only moves a task from a DSQ to a CPU the task may run on, so a pinned
 * task waits until its own CPU's pair is on its cgroup; every listed cgroup
 * comes round, which bounds that wait.
 *
 * When a higher-priority class (rt, deadline, stop) takes a CPU, its pair
 * drains and the other CPU waits for it to come back, for at most one batch
 * time, so an rt hog cannot starve the pair's other CPU into the watchdog.
 *
 * running/stopping track which cgroup each CPU runs, so a task starting next
 * to a task of another cgroup is seen: a conflict when this scheduler chose
 * it, else preempted at once (see pair_running).
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define MAX_CPUS 512
#define MAX_CGRPS 4096

/* Set by userspace before load. */
const volatile u32 nr_cpu_ids = 1;
const volatile u64 pair_batch_ns = 20000000;
const volatile s32 pair_cpu[MAX_CPUS];
const volatile u32 pair_id[MAX_CPUS];
const volatile u32 in_pair_idx[MAX_CPUS];

struct pair_ctx {
	struct bpf_spin_lock lock;
	u64 cgid;		/* the active cgroup */
	u64 started_at;		/* when the pair started on it */
	u64 preempted_at;	/* when a CPU of the pair was last taken by a higher class */
	u64 claim[2];		/* cgroup a CPU dispatched from, until its task starts */
	u64 run[2];		/* cgroup of the task a CPU runs, 0 when none */
	u32 preempted;		/* CPUs taken by a higher class (bit = in-pair index) */
	u32 foreign;		/* CPUs running a task the kernel started itself next to another cgroup */
	u32 missed;		/* CPUs that found only tasks they may not run */
	bool draining;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_CPUS / 2);
	__type(key, u32);
	__type(value, struct pair_ctx);
} pairs SEC(".maps");

/* Cgroups with queued tasks, each listed once (see listed). */
struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 2 * MAX_CGRPS);
	__type(value, u64);
} top_q SEC(".maps");

/* cgroup id -> 1 while the cgroup is on top_q; the entry exists from cgroup_init to cgroup_exit. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_CGRPS);
	__type(key, u64);
	__type(value, u64);
} listed SEC(".maps");

/* Counters: nr_ and the metric's name (upstream's names; conflicts and foreign are ours, the check of the idea). */
u64 nr_total, nr_dispatch, nr_missing, nr_kicks, nr_preemptions;
u64 nr_exp, nr_exp_wait, nr_exp_empty;
u64 nr_cgnext, nr_cgcoll, nr_cgempty;
u64 nr_conflicts, nr_foreign;

static struct pair_ctx *pair_of(s32 cpu, u32 *idx)
{
	u32 c = cpu, id;

	if (c >= MAX_CPUS)
		return NULL;
	c &= MAX_CPUS - 1; /* the same, in a form the verifier can bound */
	id = pair_id[c];
	*idx = in_pair_idx[c] & 1;
	return bpf_map_lookup_elem(&pairs, &id);
}

static void kick_pair(s32 cpu)
{
	u32 c = cpu;

	if (c >= MAX_CPUS)
		return;
	__sync_fetch_and_add(&nr_kicks, 1);
	scx_bpf_kick_cpu(pair_cpu[c & (MAX_CPUS - 1)], SCX_KICK_PREEMPT);
}

static u64 task_cgid(struct task_struct *p)
{
	struct cgroup *cgrp = scx_bpf_task_cgroup(p);
	u64 cgid = scx_cgroup_id(cgrp);

	bpf_cgroup_release(cgrp);
	return cgid;
}

/* Puts cgid on top_q unless it is listed already. */
static void list_cgroup(u64 cgid)
{
	u64 *on = bpf_map_lookup_elem(&listed, &cgid);

	if (on && !__sync_val_compare_and_swap(on, 0, 1) && bpf_map_push_elem(&top_q, &cgid, 0))
		scx_bpf_error("top_q overflow");
}

s32 BPF_STRUCT_OPS(pair_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool is_idle = false;

	/* An idle CPU wakes up to dispatch; the task itself still waits for its cgroup's turn. */
	return scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
}

void BPF_STRUCT_OPS(pair_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 cgid = task_cgid(p);

	__sync_fetch_and_add(&nr_total, 1);
	scx_bpf_dsq_insert(p, cgid, scx_slice_dfl_ns, enq_flags);
	list_cgroup(cgid);
	/* Its CPU found nothing else and is about to idle: make it look again once this is queued. */
	if (enq_flags & SCX_ENQ_LAST)
		scx_bpf_kick_cpu(scx_bpf_task_cpu(p), 0);
}

/*
 * The next listed cgroup that has queued tasks (it stays listed, at the
 * back), or 0 when none has. A cgroup found empty is unlisted; an enqueue
 * racing with that lists it again.
 */
static u64 next_cgroup(void)
{
	u64 cgid;

	bpf_repeat(MAX_CGRPS) {
		u64 *on;

		if (bpf_map_pop_elem(&top_q, &cgid))
			return 0;
		on = bpf_map_lookup_elem(&listed, &cgid);
		if (!on)
			continue; /* the cgroup is gone */
		if (scx_bpf_dsq_nr_queued(cgid) > 0) {
			bpf_map_push_elem(&top_q, &cgid, 0);
			return cgid;
		}
		*on = 0;
		if (scx_bpf_dsq_nr_queued(cgid) > 0)
			list_cgroup(cgid);
	}
	return 0;
}

/* Whether another cgroup than cgid is listed (each cgroup is listed once, the active one at the back). */
static bool others_waiting(u64 cgid)
{
	u64 head;

	return !bpf_map_peek_elem(&top_q, &head) && head != cgid;
}

void BPF_STRUCT_OPS(pair_dispatch, s32 cpu, struct task_struct *prev)
{
	u64 now = scx_now(), cgid = 0, next = 0;
	bool kick = false, expired, others;
	struct pair_ctx *pc;
	u32 me, other;

	pc = pair_of(cpu, &me);
	if (!pc) {
		scx_bpf_error("no pair for CPU %d", cpu);
		return;
	}
	other = me ^ 1;
	/* Read without the lock (a helper): at worst one needless or one late switch. */
	others = others_waiting(pc->cgid);

	bpf_spin_lock(&pc->lock);
	pc->claim[me] = 0;
	expired = scx_older_than(pc->started_at, now, pair_batch_ns);
	if (expired && !pc->draining && !others && pc->cgid) {
		/* Batch over but no other cgroup waits: stay, without draining. */
		pc->started_at = now;
		expired = false;
	}
	if (pc->preempted && scx_older_than(pc->preempted_at, now, pair_batch_ns))
		pc->preempted = 0; /* a higher class kept the other CPU a whole batch: stop waiting for it */
	if (expired || pc->draining) {
		__sync_fetch_and_add(&nr_exp, 1);
		pc->draining = true;
		if (pc->claim[other] || pc->run[other] || (pc->preempted & (1 << other))) {
			/* The other CPU still runs the old cgroup; it switches when it gets here. */
			bool preempted = pc->preempted & (1 << other);

			bpf_spin_unlock(&pc->lock);
			__sync_fetch_and_add(&nr_exp_wait, 1);
			if (expired && !preempted)
				kick_pair(cpu);
			return;
		}
		bpf_spin_unlock(&pc->lock);

		/* Helpers cannot run under the lock: pick, then check nothing changed meanwhile. */
		next = next_cgroup();
		if (!next) {
			__sync_fetch_and_add(&nr_exp_empty, 1);
			return;
		}

		bpf_spin_lock(&pc->lock);
		if (pc->draining && !pc->claim[other] && !pc->run[other]) {
			__sync_fetch_and_add(&nr_cgnext, 1);
			pc->cgid = next;
			/*
			 * This CPU's prev (of the old cgroup) is leaving: nothing of an old
			 * cgroup is kept after a switch, so the other CPU may start at once.
			 */
			pc->run[me] = 0;
			pc->started_at = now;
			pc->draining = false;
			pc->missed = 0;
			kick = true;
		} else if (pc->draining) {
			/* The other CPU started a task of the old cgroup meanwhile: wait for it after all. */
			bpf_spin_unlock(&pc->lock);
			__sync_fetch_and_add(&nr_cgcoll, 1);
			return;
		} else {
			/* The other CPU switched first: join its cgroup. */
			__sync_fetch_and_add(&nr_cgcoll, 1);
		}
	}
	cgid = pc->cgid;
	if (pc->foreign & (1 << other)) {
		/* The kernel started another cgroup's task there; it is being preempted. */
		bpf_spin_unlock(&pc->lock);
		__sync_fetch_and_add(&nr_exp_wait, 1);
		return;
	}
	pc->claim[me] = cgid;
	bpf_spin_unlock(&pc->lock);

	if (kick)
		kick_pair(cpu);
	if (!cgid)
		return;

	if (scx_bpf_dsq_move_to_local(cgid, 0)) {
		__sync_fetch_and_add(&nr_dispatch, 1);
		bpf_spin_lock(&pc->lock);
		pc->missed &= ~(1 << me);
		bpf_spin_unlock(&pc->lock);
		return;
	}

	/* Nothing of the active cgroup this CPU may run. */
	bool empty = scx_bpf_dsq_nr_queued(cgid) <= 0;
	bool prev_runnable = prev && (prev->scx.flags & SCX_TASK_QUEUED);

	bpf_spin_lock(&pc->lock);
	pc->claim[me] = 0;
	/* run[me] is still prev's cgroup: prev has not stopped yet. */
	if (prev_runnable && pc->run[me] == cgid && !pc->draining) {
		/* The only runnable task of the active cgroup here is the one that just ran: go on. */
		bpf_spin_unlock(&pc->lock);
		scx_task_set_slice(prev, scx_slice_dfl_ns);
		return;
	}
	if (!empty)
		pc->missed |= 1 << me;
	/* Empty, or queued tasks only other CPUs may run: move on (after draining). */
	if (empty || pc->missed == 3)
		pc->draining = true;
	bpf_spin_unlock(&pc->lock);

	if (empty)
		__sync_fetch_and_add(&nr_cgempty, 1);
	else
		__sync_fetch_and_add(&nr_missing, 1);
}

/*
 * A task starting next to another cgroup's task is a conflict when this CPU's
 * dispatch chose it (claim set), which the draining rules exclude. A task the
 * kernel started without asking (a running task moved to another cgroup or
 * given new properties is put back directly) that is not of the active
 * cgroup is preempted at once, so it comes back through enqueue and waits for
 * its cgroup's turn, and the other CPU starts nothing until it is gone.
 */
void BPF_STRUCT_OPS(pair_running, struct task_struct *p)
{
	s32 cpu = bpf_get_smp_processor_id();
	u64 cgid = task_cgid(p), other_cgid;
	bool ours, conflict, foreign, other_foreign;
	struct pair_ctx *pc;
	u32 me;

	pc = pair_of(cpu, &me);
	if (!pc)
		return;
	bpf_spin_lock(&pc->lock);
	ours = pc->claim[me];
	pc->claim[me] = 0;
	pc->run[me] = cgid;
	other_cgid = pc->run[me ^ 1];
	other_foreign = pc->foreign & (1 << (me ^ 1));
	conflict = other_cgid && other_cgid != cgid;
	/* Not ours and not of the active cgroup: the other CPU may start one of those any time. */
	foreign = !ours && (conflict || cgid != pc->cgid);
	if (foreign)
		pc->foreign |= 1 << me;
	bpf_spin_unlock(&pc->lock);
	if (foreign) {
		__sync_fetch_and_add(&nr_foreign, 1);
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	} else if (conflict && ours && !other_foreign) {
		__sync_fetch_and_add(&nr_conflicts, 1);
	}
}

void BPF_STRUCT_OPS(pair_stopping, struct task_struct *p, bool runnable)
{
	s32 cpu = bpf_get_smp_processor_id();
	struct pair_ctx *pc;
	bool kick;
	u32 me;

	pc = pair_of(cpu, &me);
	if (!pc)
		return;
	bpf_spin_lock(&pc->lock);
	pc->run[me] = 0;
	kick = (pc->draining && !pc->claim[me]) || (pc->foreign & (1 << me));
	pc->foreign &= ~(1 << me);
	bpf_spin_unlock(&pc->lock);
	/* The other CPU may be waiting for this one to let go of the old cgroup. */
	if (kick)
		kick_pair(cpu);
}

/* A higher-priority class took the CPU: the pair drains and the other CPU waits for it. */
void BPF_STRUCT_OPS(pair_cpu_release, s32 cpu, struct scx_cpu_release_args *args)
{
	u64 now = scx_now();
	struct pair_ctx *pc;
	u32 me;

	pc = pair_of(cpu, &me);
	if (!pc)
		return;
	bpf_spin_lock(&pc->lock);
	pc->preempted |= 1 << me;
	pc->preempted_at = now;
	pc->draining = true;
	bpf_spin_unlock(&pc->lock);
	__sync_fetch_and_add(&nr_preemptions, 1);
	/* Tasks already on this CPU's local DSQ go back through enqueue. */
	scx_bpf_reenqueue_local();
	kick_pair(cpu);
}

void BPF_STRUCT_OPS(pair_cpu_acquire, s32 cpu, struct scx_cpu_acquire_args *args)
{
	struct pair_ctx *pc;
	u32 me;

	pc = pair_of(cpu, &me);
	if (!pc)
		return;
	bpf_spin_lock(&pc->lock);
	pc->preempted &= ~(1 << me);
	bpf_spin_unlock(&pc->lock);
	kick_pair(cpu);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(pair_cgroup_init, struct cgroup *cgrp, struct scx_cgroup_init_args *args)
{
	u64 cgid = scx_cgroup_id(cgrp);
	u64 off = 0;
	s32 ret;

	/* Cgroup ids fit in the 63 bits a user DSQ id has. */
	ret = scx_bpf_create_dsq(cgid, -1);
	if (ret)
		return ret;
	ret = bpf_map_update_elem(&listed, &cgid, &off, BPF_NOEXIST);
	if (ret)
		scx_bpf_destroy_dsq(cgid);
	return ret;
}

void BPF_STRUCT_OPS(pair_cgroup_exit, struct cgroup *cgrp)
{
	u64 cgid = scx_cgroup_id(cgrp);

	/* An id still on top_q is dropped when next_cgroup() finds it unlisted. */
	bpf_map_delete_elem(&listed, &cgid);
	scx_bpf_destroy_dsq(cgid);
}

void BPF_STRUCT_OPS(pair_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops pair_ops = {
	.select_cpu = (void *)pair_select_cpu,
	.enqueue = (void *)pair_enqueue,
	.dispatch = (void *)pair_dispatch,
	.running = (void *)pair_running,
	.stopping = (void *)pair_stopping,
	.cpu_release = (void *)pair_cpu_release,
	.cpu_acquire = (void *)pair_cpu_acquire,
	.cgroup_init = (void *)pair_cgroup_init,
	.cgroup_exit = (void *)pair_cgroup_exit,
	.exit = (void *)pair_exit,
	/* Migration-disabled tasks (kernels that have the flag) are added by userspace. */
	.flags = SCX_OPS_ENQ_LAST | SCX_OPS_ENQ_EXITING,
	.name = "pair",
};
