/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual deadlines, shared by the deadline schedulers (scx_cosmos,
 * scx_bpfland, scx_flash). Include it after common.bpf.h and idle.bpf.h.
 *
 *   deadline = vruntime + runtime since the task last slept (weighted)
 *
 * vruntime (scx_dl_task.vruntime) is the time a task ran, scaled by 100/weight:
 * it keeps the shares fair. It is kept apart from p->scx.dsq_vtime, which holds
 * the deadline a task was queued by: were the deadline folded back into the
 * vruntime, each requeue would charge a busy task its runtime again, divided by
 * its weight, and weights would count twice over. The runtime since the last
 * sleep, capped at the slice lag, puts tasks that run in short bursts (the interactive ones) ahead
 * of those that burn whole slices; weighted, it is still capped at the slice
 * lag, or a nice 19 task (weight 1) that ran a few ms would queue seconds of
 * vtime behind a crowd of nice 0 tasks and stall. A task that slept gets its vruntime
 * brought forward to at most a sleep credit behind the current one; that
 * credit is the slice lag times its wake-up rate (an average of wake-ups per
 * 100 ms), so a task that wakes often keeps more of it than one that slept
 * long once.
 *
 * A task's weight is its nice weight, times its cgroup's cpu.weight / 100 in
 * a scheduler that weighs cgroups (scx_flash sets cgroup_weight); 100 is nice 0.
 */
#pragma once

struct scx_dl_task {
	u64 vruntime;		/* ns it ran, scaled by 100/weight (dsq_vtime holds its deadline once queued) */
	u64 last_run_at;	/* when it last started running */
	u64 exec_runtime;	/* ns run since it last slept, capped at the slice lag */
	u64 last_woke_at;	/* when it last became runnable */
	u64 wake_freq;		/* wake-ups per 100 ms, an average (at most 1024) */
	u64 avg_runtime;	/* ns it ran each time it got a CPU, an average */
	u64 cgroup_weight;	/* its cgroup's cpu.weight where the scheduler weighs cgroups, else 100 */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct scx_dl_task);
} scx_dl_tasks SEC(".maps");

/* The largest vruntime of any task that started running: the system's "now". */
static u64 scx_dl_vtime_now;

/* Per CPU, of the task running there: its deadline as it started (0 while none runs) and when its burst began (it last woke). */
struct scx_dl_cpu {
	u64 deadline;
	u64 burst_start;
};

static struct scx_dl_cpu scx_dl_cpus[SCX_IDLE_MAX_CPUS];

/* Woken tasks that preempted the running one (scx_dl_preempt), for the stats. */
u64 scx_dl_nr_wakeup_preemptions;

static __always_inline struct scx_dl_task *scx_dl_task(const struct task_struct *p)
{
	return bpf_task_storage_get(&scx_dl_tasks, (struct task_struct *)p, 0, 0);
}

/* v scaled by weight (100 = nice 0): more for heavier tasks. */
static __always_inline u64 scx_scale_by_weight(u64 weight, u64 v)
{
	return v * weight / 100;
}

/* v scaled inversely by weight: less for heavier tasks. */
static __always_inline u64 scx_scale_by_weight_inverse(u64 weight, u64 v)
{
	return v * 100 / weight;
}

/* p's weight with its cgroup's share (see above), at least 1. */
static __always_inline u64 scx_dl_weight(const struct task_struct *p, const struct scx_dl_task *t)
{
	return max_u64((u64)p->scx.weight * t->cgroup_weight / 100, 1);
}

/* From ops.init_task. */
static __always_inline int scx_dl_init_task(struct task_struct *p)
{
	struct scx_dl_task *t = bpf_task_storage_get(&scx_dl_tasks, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!t)
		return -ENOMEM;
	t->cgroup_weight = 100;
	return 0;
}

/* From ops.enable: a new task starts at the current vruntime. */
static __always_inline void scx_dl_enable(struct task_struct *p)
{
	struct scx_dl_task *t = scx_dl_task(p);

	if (t)
		t->vruntime = scx_dl_vtime_now;
	scx_task_set_dsq_vtime(p, scx_dl_vtime_now);
}

/* From ops.runnable: the task woke; its burst starts over and its wake-up rate is updated. */
static __always_inline void scx_dl_runnable(struct scx_dl_task *t, u64 now)
{
	u64 since = now - t->last_woke_at;

	t->exec_runtime = 0;
	t->wake_freq = min_u64(scx_ewma(t->wake_freq, 100 * 1000 * 1000 / max_u64(since, 1)), 1024);
	t->last_woke_at = now;
}

/* p's deadline once it has run ran ns more: its vruntime plus its weighted runtime since it last woke. */
static __always_inline u64 scx_dl_current(const struct task_struct *p, const struct scx_dl_task *t, u64 ran)
{
	u64 weight = scx_dl_weight(p, t);

	return t->vruntime + scx_scale_by_weight_inverse(weight, ran) + scx_scale_by_weight_inverse(weight, t->exec_runtime + ran);
}

/* From ops.running. */
static __always_inline void scx_dl_running(struct task_struct *p, struct scx_dl_task *t, u64 now)
{
	s32 cpu = scx_bpf_task_cpu(p);

	if (scx_idle_cpu_valid(cpu)) {
		scx_dl_cpus[SCX_IDLE_IDX(cpu)].deadline = max_u64(scx_dl_current(p, t, 0), 1);
		scx_dl_cpus[SCX_IDLE_IDX(cpu)].burst_start = now - t->exec_runtime;
	}
	t->last_run_at = now;
	if (vtime_before(scx_dl_vtime_now, t->vruntime))
		scx_dl_vtime_now = t->vruntime;
}

/* From ops.stopping: charges the time p just ran; returns it (ns). */
static __always_inline u64 scx_dl_stopping(struct task_struct *p, struct scx_dl_task *t, u64 now, u64 slice_lag)
{
	u64 ran = now - t->last_run_at;
	s32 cpu = scx_bpf_task_cpu(p);

	if (scx_idle_cpu_valid(cpu))
		scx_dl_cpus[SCX_IDLE_IDX(cpu)].deadline = 0;
	t->vruntime += scx_scale_by_weight_inverse(scx_dl_weight(p, t), ran);
	t->exec_runtime = min_u64(t->exec_runtime + ran, slice_lag);
	t->avg_runtime = scx_ewma(t->avg_runtime, ran);
	return ran;
}

/*
 * p's deadline, its vruntime kept within the sleep credit (slice_lag times lag_scale) behind and a
 * slice lag ahead of now: the vruntime of the tasks p competes with (scx_dl_vtime_now, or the
 * own clock of a queue where a scheduler keeps one per queue).
 */
static __always_inline u64 scx_dl_deadline_from(struct task_struct *p, struct scx_dl_task *t, u64 slice_lag, u64 lag_scale,
						u64 now)
{
	u64 weight = scx_dl_weight(p, t);
	u64 credit = scx_scale_by_weight(weight, slice_lag * lag_scale);
	u64 oldest = now - credit;

	if (vtime_before(t->vruntime, oldest))
		t->vruntime = oldest;
	/* Nor more than a slice lag ahead: a light task that once ran alone for a while
	 * (its vruntime runs 100/weight times as fast) would otherwise wait for a crowd
	 * to catch up with it. */
	else if (vtime_before(now + slice_lag, t->vruntime))
		t->vruntime = now + slice_lag;
	return t->vruntime + min_u64(scx_scale_by_weight_inverse(weight, t->exec_runtime), slice_lag);
}

/* p's deadline against the system's vruntime. */
static __always_inline u64 scx_dl_deadline_scaled(struct task_struct *p, struct scx_dl_task *t, u64 slice_lag, u64 lag_scale)
{
	return scx_dl_deadline_from(p, t, slice_lag, lag_scale, scx_dl_vtime_now);
}

/* p's deadline, after limiting the credit it kept while asleep (see above). */
static __always_inline u64 scx_dl_deadline(struct task_struct *p, struct scx_dl_task *t, u64 slice_lag)
{
	return scx_dl_deadline_scaled(p, t, slice_lag, max_u64(t->wake_freq, 1));
}

/*
 * From ops.enqueue, for p queued with deadline dl where no idle CPU took it: if p woke
 * (it is not running), preempts cpu's task when dl is earlier and that task has run at least min_burst since it
 * last woke, as EEVDF preempts at wake-up once the current task had its share. Slices end
 * only at a scheduler tick (4 ms at HZ=250), so without this a task that wakes often
 * would wait behind a CPU hog for up to a tick, however short the slices; without the
 * burst condition, tasks that pass messages back and forth would cut each other's short
 * runs at every wake-up. True if it preempted.
 */
static __always_inline bool scx_dl_preempt(const struct task_struct *p, s32 cpu, u64 dl, u64 min_burst)
{
	struct scx_dl_cpu *c;

	if (scx_bpf_task_running(p) || !scx_idle_cpu_valid(cpu))
		return false;
	c = &scx_dl_cpus[SCX_IDLE_IDX(cpu)];
	if (!c->deadline || !vtime_before(dl, c->deadline) || !scx_older_than(c->burst_start, bpf_ktime_get_ns(), min_burst))
		return false;
	scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
	__sync_fetch_and_add(&scx_dl_nr_wakeup_preemptions, 1);
	return true;
}

/*
 * A wake-up rate as a credit scale that shrinks as nr_queued tasks of a slice each wait,
 * down to 1 once they would take drain_ns to drain: a crowd of frequent wakers must not
 * keep a queued task waiting much longer than that.
 */
static __always_inline u64 scx_dl_lag_scale(u64 wake_freq, u64 nr_queued, u64 slice, u64 drain_ns)
{
	u64 q_thresh = max_u64(drain_ns / max_u64(slice, 1), 1);

	if (nr_queued * slice >= drain_ns)
		return 1;
	return max_u64(max_u64(wake_freq, 1) * q_thresh / (q_thresh + nr_queued), 1);
}

/* A slice for p: base scaled by its weight, shared among the nr_waiting tasks queued behind it, at least min. */
static __always_inline u64 scx_dl_slice(const struct task_struct *p, u64 base, u64 nr_waiting, u64 min)
{
	return max_u64(scx_scale_by_weight(p->scx.weight, base) / (nr_waiting + 1), min);
}

/* The deadline (dsq_vtime) of the first task of a vtime-ordered DSQ, or U64_MAX if it is empty. */
static __attribute__((unused)) u64 scx_dl_dsq_first(u64 dsq_id)
{
	struct bpf_iter_scx_dsq it;
	struct task_struct *p;
	u64 dl = -1ULL;

	if (!bpf_iter_scx_dsq_new(&it, dsq_id, 0) && (p = bpf_iter_scx_dsq_next(&it)))
		dl = p->scx.dsq_vtime;
	bpf_iter_scx_dsq_destroy(&it);
	return dl;
}
