/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Questions about a task that the kernel's own helpers answer but BPF cannot
 * call. Include through common.bpf.h.
 */
#pragma once

#define PF_EXITING 0x00000004 /* include/linux/sched.h: the task is exiting */

#ifndef PF_KTHREAD
#define PF_KTHREAD 0x00200000 /* include/linux/sched.h: the task is a kernel thread */
#endif

/*
 * Whether p may not leave its CPU now (migrate_disable()). Conservative: the
 * BPF trampoline may itself disable migration for the current task, so a
 * current task can read as disabled when it is not. Erring this way only
 * keeps a task where it is; the other way the kernel ends the scheduler for
 * moving a task that cannot move.
 */
static __always_inline bool scx_task_migration_disabled(const struct task_struct *p)
{
	if (bpf_core_field_exists(p->migration_disabled))
		return p->migration_disabled;
	return false;
}

/*
 * Whether p must stay on its CPU, asked from ops.select_cpu, ops.enqueue, or of
 * prev in ops.dispatch, by a scheduler without SCX_OPS_ENQ_MIGRATION_DISABLED.
 * Where that flag exists (6.15+) the kernel keeps a migration-disabled task on
 * its CPU without calling ops.enqueue (and never calls ops.select_cpu for one),
 * so only one allowed CPU pins p: its migration_disabled would show the
 * trampoline's own count on the task it runs on (prev, a task put back), and
 * reading that as pinned kept a CPU hog on its CPU for good. Older kernels get
 * scx_task_migration_disabled()'s conservative answer.
 */
static __always_inline bool scx_task_pinned(const struct task_struct *p)
{
	if (p->nr_cpus_allowed == 1)
		return true;
	if (bpf_core_enum_value_exists(enum scx_ops_flags, SCX_OPS_ENQ_MIGRATION_DISABLED))
		return false;
	return scx_task_migration_disabled(p);
}

/* A kernel thread bound to one CPU (ksoftirqd, kworkers, migration, rcu): it must never wait behind others. */
static __always_inline bool scx_task_percpu_kthread(const struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1;
}

/* Whether ops.select_cpu already placed the task being enqueued (SCX_ENQ_CPU_SELECTED; always false where it is missing). */
static __always_inline bool scx_enq_cpu_selected(u64 enq_flags)
{
	return bpf_core_enum_value_exists(enum scx_enq_flags, SCX_ENQ_CPU_SELECTED) &&
	       (enq_flags & bpf_core_enum_value(enum scx_enq_flags, SCX_ENQ_CPU_SELECTED));
}
