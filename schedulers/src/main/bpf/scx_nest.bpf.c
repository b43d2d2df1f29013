/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scx_nest: keep tasks together on warm cores ("OS Scheduling with Nest:
 * Keeping Tasks Close Together on Warm Cores", EuroSys 2022).
 *
 * A core that ran recently runs at a higher frequency than one that slept,
 * so waking tasks are packed onto a small set of recently used cores, the
 * primary nest, rather than spread over every idle core. A second set, the
 * reserve nest (at most r_max cores, -m), holds cores that were used lately
 * and may soon be needed again.
 *
 * A waking task tries, in order: the core it is attached to (the last core it
 * ran on twice in a row), its previous core, any idle primary core (a fully
 * idle one first with -I), then an idle reserve core, which is promoted to
 * the primary nest, then any idle core, which joins the reserve nest (the
 * task reaches it through the shared DSQ). A task that found no idle primary
 * core r_impatient times in a row (-i) promotes such a core straight to the
 * primary nest. A core that ends up primary gets the task in its local DSQ.
 *
 * When a primary core runs out of work, a timer demotes it to the reserve
 * nest if it stays unused for p_remove_ns (-d); a task placed there before
 * then keeps it in the primary nest. A core whose last task exited is
 * demoted at once, unless it is the last primary core.
 *
 * Tasks that found no idle core wait in one shared DSQ ordered by weighted
 * virtual time, as in scx_simple, which every core drains.
 *
 * The counters follow upstream's table; a timer samples which cores are in
 * which nest, and which are idle, for userspace to print.
 */
#include <scx/common.bpf.h>

char _license[] SEC("license") = "GPL";

#define FALLBACK_DSQ 0
#define MAX_CPUS 1024
#define TASK_DEAD 0x80 /* task_struct.__state of an exited task */

/* Set by userspace before load. */
const volatile u64 p_remove_ns = 2ULL * 1000 * 1000;
const volatile u64 r_max = 5;
const volatile u64 r_impatient = 2;
const volatile u64 slice_ns = 20ULL * 1000 * 1000;
const volatile bool find_fully_idle;
const volatile u64 sampling_cadence_ns = 2ULL * 1000 * 1000 * 1000;

/* In the order of the counters in NestStats.java (upstream's stats table). */
enum nest_stat {
	STAT_WAKEUP_ATTACHED,
	STAT_WAKEUP_PREV_PRIMARY,
	STAT_WAKEUP_FULLY_IDLE_PRIMARY,
	STAT_WAKEUP_ANY_IDLE_PRIMARY,
	STAT_WAKEUP_FULLY_IDLE_RESERVE,
	STAT_WAKEUP_ANY_IDLE_RESERVE,
	STAT_WAKEUP_IDLE_OTHER,
	STAT_TASK_IMPATIENT,
	STAT_PROMOTED_TO_PRIMARY,
	STAT_PROMOTED_TO_RESERVED,
	STAT_DEMOTED_TO_RESERVED,
	STAT_RESERVED_AT_CAPACITY,
	STAT_SCHEDULED_COMPACTION,
	STAT_CANCELLED_COMPACTION,
	STAT_EAGERLY_COMPACTED,
	STAT_CALLBACK_COMPACTED,
	STAT_CONSUMED,
	STAT_NOT_CONSUMED,
	NR_NEST_STATS,
};

SCX_COUNTERS(stats, NR_NEST_STATS);

/* The last sample of the nests (CPUs 0-63, bit n = CPU n), read by userspace. */
u64 stats_primary_mask, stats_reserved_mask, stats_other_mask, stats_idle_mask;

scx_private(NESTS) struct bpf_cpumask __kptr *primary_cpumask;
scx_private(NESTS) struct bpf_cpumask __kptr *reserve_cpumask;

/* Cores in the reserve nest; kept beside the mask, which has no cheap count under races. */
static s32 nr_reserved;
u32 nr_cpus; /* CPU ids, also read by userspace */
static u64 vtime_now;

struct task_ctx {
	struct bpf_cpumask __kptr *tmp_mask; /* p's allowed CPUs within one nest */
	u32 prev_misses;                     /* wake-ups in a row that found no idle primary core */
	s32 attached_core;                   /* ran there twice in a row; tried first */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

struct cpu_ctx {
	struct bpf_timer timer;     /* demotes the core p_remove_ns after it ran dry */
	bool compaction_pending;    /* cleared when a task is placed on the core meanwhile */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_CPUS);
	__type(key, u32);
	__type(value, struct cpu_ctx);
} cpu_ctxs SEC(".maps");

struct sample_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct sample_timer);
} sample_timer SEC(".maps");

/* Puts cpu in the reserve nest if it has room, else in neither nest. */
static void reserve_or_drop(s32 cpu, struct bpf_cpumask *reserve, bool promotion)
{
	/* Racy on purpose: the count may pass r_max briefly and settles as cores move. */
	if (nr_reserved < r_max) {
		__sync_fetch_and_add(&nr_reserved, 1);
		bpf_cpumask_set_cpu(cpu, reserve);
		scx_count(&stats, promotion ? STAT_PROMOTED_TO_RESERVED : STAT_DEMOTED_TO_RESERVED);
	} else {
		bpf_cpumask_clear_cpu(cpu, reserve);
		scx_count(&stats, STAT_RESERVED_AT_CAPACITY);
	}
}

/* Moves cpu from the primary nest to the reserve nest (or out, when the reserve is full). */
static void demote(s32 cpu, struct bpf_cpumask *primary, struct bpf_cpumask *reserve)
{
	bpf_cpumask_clear_cpu(cpu, primary);
	reserve_or_drop(cpu, reserve, false);
}

/* The timer of the core *key: it stayed unused for p_remove_ns, unless a task was placed there since. */
static int compaction_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	struct bpf_cpumask *primary, *reserve;
	struct cpu_ctx *cctx = bpf_map_lookup_elem(&cpu_ctxs, key);
	s32 cpu = *key;

	if (!cctx || !cctx->compaction_pending)
		return 0;
	cctx->compaction_pending = false;

	bpf_rcu_read_lock();
	primary = primary_cpumask;
	reserve = reserve_cpumask;
	if (primary && reserve) {
		scx_count(&stats, STAT_CALLBACK_COMPACTED);
		demote(cpu, primary, reserve);
	}
	bpf_rcu_read_unlock();
	return 0;
}

/* Makes cpu a primary core for the task waking there (it was picked idle, so no other waker races us). */
static void join_primary(s32 cpu, struct bpf_cpumask *primary, struct bpf_cpumask *reserve)
{
	u32 key = cpu;
	struct cpu_ctx *cctx = bpf_map_lookup_elem(&cpu_ctxs, &key);

	/* The core is wanted again: its pending demotion no longer applies (the timer sees the flag). */
	if (cctx && cctx->compaction_pending) {
		cctx->compaction_pending = false;
		scx_count(&stats, STAT_CANCELLED_COMPACTION);
	}
	bpf_cpumask_set_cpu(cpu, primary);
	if (bpf_cpumask_test_cpu(cpu, cast_mask(reserve))) {
		__sync_fetch_and_add(&nr_reserved, -1);
		bpf_cpumask_clear_cpu(cpu, reserve);
	}
}

/* An idle CPU among p's allowed ones in nest (fully idle core first with -I), or -1. */
static s32 pick_idle_in(struct task_struct *p, struct bpf_cpumask *nest, struct bpf_cpumask *tmp, u32 full_stat,
			u32 any_stat)
{
	s32 cpu;

	bpf_cpumask_and(tmp, p->cpus_ptr, cast_mask(nest));
	if (find_fully_idle) {
		cpu = scx_bpf_pick_idle_cpu(cast_mask(tmp), SCX_PICK_IDLE_CORE);
		if (cpu >= 0) {
			scx_count(&stats, full_stat);
			return cpu;
		}
	}
	cpu = scx_bpf_pick_idle_cpu(cast_mask(tmp), 0);
	if (cpu >= 0)
		scx_count(&stats, any_stat);
	return cpu;
}

s32 BPF_STRUCT_OPS(nest_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct bpf_cpumask *primary, *reserve, *tmp;
	struct task_ctx *tctx;
	bool impatient = false, promote = false;
	s32 cpu;

	tctx = bpf_task_storage_get(&task_ctxs, p, 0, 0);
	if (!tctx)
		return prev_cpu;

	bpf_rcu_read_lock();
	tmp = tctx->tmp_mask;
	primary = primary_cpumask;
	reserve = reserve_cpumask;
	if (!tmp || !primary || !reserve) {
		bpf_rcu_read_unlock();
		return prev_cpu;
	}

	/* The attached core, then the previous one, if idle and primary. */
	bpf_cpumask_and(tmp, p->cpus_ptr, cast_mask(primary));
	cpu = tctx->attached_core;
	if (cpu >= 0 && bpf_cpumask_test_cpu(cpu, cast_mask(tmp)) && scx_bpf_test_and_clear_cpu_idle(cpu)) {
		scx_count(&stats, STAT_WAKEUP_ATTACHED);
		goto place;
	}
	cpu = prev_cpu;
	if (cpu != tctx->attached_core && bpf_cpumask_test_cpu(cpu, cast_mask(tmp)) &&
	    scx_bpf_test_and_clear_cpu_idle(cpu)) {
		scx_count(&stats, STAT_WAKEUP_PREV_PRIMARY);
		goto place;
	}

	cpu = pick_idle_in(p, primary, tmp, STAT_WAKEUP_FULLY_IDLE_PRIMARY, STAT_WAKEUP_ANY_IDLE_PRIMARY);
	if (cpu >= 0)
		goto place;

	/* The primary nest is full for p: grow it, from the reserve nest first. */
	if (r_impatient > 0 && ++tctx->prev_misses >= r_impatient) {
		tctx->prev_misses = 0;
		impatient = true;
		scx_count(&stats, STAT_TASK_IMPATIENT);
	}
	promote = true;

	cpu = pick_idle_in(p, reserve, tmp, STAT_WAKEUP_FULLY_IDLE_RESERVE, STAT_WAKEUP_ANY_IDLE_RESERVE);
	if (cpu >= 0)
		goto place;

	cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (cpu < 0) {
		/* No idle core at all: the task waits in the shared DSQ. */
		bpf_rcu_read_unlock();
		return prev_cpu;
	}
	scx_count(&stats, STAT_WAKEUP_IDLE_OTHER);
	/* The masks may have changed since the picks above; look again at where this core is. */
	if (bpf_cpumask_test_cpu(cpu, cast_mask(primary)))
		promote = false;
	else if (!bpf_cpumask_test_cpu(cpu, cast_mask(reserve)) && !impatient) {
		/* A core of neither nest joins the reserve nest; the task runs there through the shared DSQ. */
		reserve_or_drop(cpu, reserve, true);
		bpf_rcu_read_unlock();
		return cpu;
	}

place:
	if (promote)
		scx_count(&stats, STAT_PROMOTED_TO_PRIMARY);
	else
		tctx->prev_misses = 0;
	join_primary(cpu, primary, reserve);
	bpf_rcu_read_unlock();

	/* Attach to a core the task goes back to. */
	if (cpu == prev_cpu)
		tctx->attached_core = cpu;
	scx_bpf_dsq_insert(p, scx_dsq_local_id, slice_ns, 0);
	return cpu;
}

void BPF_STRUCT_OPS(nest_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 vtime = p->scx.dsq_vtime;

	/* A task that slept gets at most one slice of credit. */
	if (vtime_before(vtime, vtime_now - slice_ns))
		vtime = vtime_now - slice_ns;
	scx_bpf_dsq_insert_vtime(p, FALLBACK_DSQ, slice_ns, vtime, enq_flags);
}

void BPF_STRUCT_OPS(nest_dispatch, s32 cpu, struct task_struct *prev)
{
	struct bpf_cpumask *primary, *reserve;
	struct cpu_ctx *cctx;
	u32 key = cpu;

	if (scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0)) {
		scx_count(&stats, STAT_CONSUMED);
		return;
	}

	primary = primary_cpumask;
	reserve = reserve_cpumask;
	cctx = bpf_map_lookup_elem(&cpu_ctxs, &key);
	if (!primary || !reserve || !cctx) {
		scx_bpf_error("scx_nest: no nests or no context for CPU %d", cpu);
		return;
	}
	if (!bpf_cpumask_test_cpu(cpu, cast_mask(primary))) {
		scx_count(&stats, STAT_NOT_CONSUMED);
		return;
	}

	/* A primary core whose task goes on keeps it, for a fresh slice. */
	if (prev && (prev->scx.flags & bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_QUEUED))) {
		scx_bpf_dsq_insert(prev, scx_dsq_local_id, slice_ns, 0);
		return;
	}

	scx_count(&stats, STAT_NOT_CONSUMED);
	/* Its task exited: likely nothing comes back here soon, so demote it now (but keep one primary core). */
	if (prev && prev->__state == TASK_DEAD && bpf_cpumask_weight(cast_mask(primary)) > 1) {
		scx_count(&stats, STAT_EAGERLY_COMPACTED);
		demote(cpu, primary, reserve);
		return;
	}
	/* Otherwise demote it if it stays unused for p_remove_ns; pinned, so it fires here. */
	cctx->compaction_pending = true;
	bpf_timer_start(&cctx->timer, p_remove_ns, BPF_F_TIMER_CPU_PIN);
	scx_count(&stats, STAT_SCHEDULED_COMPACTION);
}

void BPF_STRUCT_OPS(nest_running, struct task_struct *p)
{
	/* Tasks start in vtime order, so this only moves forward (wrap-safe). */
	if (vtime_before(vtime_now, p->scx.dsq_vtime))
		vtime_now = p->scx.dsq_vtime;
}

void BPF_STRUCT_OPS(nest_stopping, struct task_struct *p, bool runnable)
{
	/* Charge the part of the slice used, scaled inversely by weight (100 = nice 0). */
	u64 used = slice_ns > p->scx.slice ? slice_ns - p->scx.slice : 0;

	scx_task_set_dsq_vtime(p, p->scx.dsq_vtime + used * 100 / p->scx.weight);
}

void BPF_STRUCT_OPS(nest_enable, struct task_struct *p)
{
	scx_task_set_dsq_vtime(p, vtime_now);
}

s32 BPF_STRUCT_OPS(nest_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	struct task_ctx *tctx;

	tctx = bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);
	if (!tctx || !scx_cpumask_init(&tctx->tmp_mask))
		return -ENOMEM;
	tctx->attached_core = -1;
	return 0;
}

/* Samples the nests and the idle CPUs for userspace, every sampling_cadence_ns. */
static int sample_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	struct bpf_cpumask *primary, *reserve;
	const struct cpumask *idle;
	u64 p = 0, r = 0, o = 0, i = 0;
	s32 cpu;

	bpf_rcu_read_lock();
	primary = primary_cpumask;
	reserve = reserve_cpumask;
	if (primary && reserve) {
		idle = scx_bpf_get_idle_cpumask();
		bpf_for(cpu, 0, nr_cpus < 64 ? nr_cpus : 64) {
			u64 bit = 1ULL << cpu;

			if (bpf_cpumask_test_cpu(cpu, cast_mask(primary)))
				p |= bit;
			else if (bpf_cpumask_test_cpu(cpu, cast_mask(reserve)))
				r |= bit;
			else
				o |= bit;
			if (bpf_cpumask_test_cpu(cpu, idle))
				i |= bit;
		}
		scx_bpf_put_idle_cpumask(idle);
	}
	bpf_rcu_read_unlock();
	stats_primary_mask = p;
	stats_reserved_mask = r;
	stats_other_mask = o;
	stats_idle_mask = i;

	bpf_timer_start(timer, sampling_cadence_ns, 0);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(nest_init)
{
	struct sample_timer *st;
	u32 key = 0;
	s32 cpu, ret;

	nr_cpus = scx_bpf_nr_cpu_ids();
	if (nr_cpus > MAX_CPUS) {
		scx_bpf_error("%u CPU ids; scx_nest handles at most %d", nr_cpus, MAX_CPUS);
		return -EINVAL;
	}
	ret = scx_bpf_create_dsq(FALLBACK_DSQ, -1);
	if (ret)
		return ret;
	/* Both nests start empty: the first wake-ups fill them. */
	if (!scx_cpumask_init(&primary_cpumask) || !scx_cpumask_init(&reserve_cpumask))
		return -ENOMEM;

	bpf_for(cpu, 0, nr_cpus) {
		u32 k = cpu;
		struct cpu_ctx *cctx = bpf_map_lookup_elem(&cpu_ctxs, &k);

		if (!cctx)
			return -ESRCH;
		bpf_timer_init(&cctx->timer, &cpu_ctxs, CLOCK_MONOTONIC);
		bpf_timer_set_callback(&cctx->timer, compaction_timerfn);
	}

	st = bpf_map_lookup_elem(&sample_timer, &key);
	if (!st)
		return -ESRCH;
	bpf_timer_init(&st->timer, &sample_timer, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&st->timer, sample_timerfn);
	return bpf_timer_start(&st->timer, 0, 0);
}

void BPF_STRUCT_OPS(nest_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

SEC(".struct_ops.link")
struct sched_ext_ops nest_ops = {
	.select_cpu = (void *)nest_select_cpu,
	.enqueue = (void *)nest_enqueue,
	.dispatch = (void *)nest_dispatch,
	.running = (void *)nest_running,
	.stopping = (void *)nest_stopping,
	.enable = (void *)nest_enable,
	.init_task = (void *)nest_init_task,
	.init = (void *)nest_init,
	.exit = (void *)nest_exit,
	.name = "nest",
};
