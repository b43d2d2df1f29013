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
 * Whether p is bound to its CPU, for a decision to keep it there rather than to
 * move it: one allowed CPU, or migration disabled beyond what the trampoline
 * itself disabled while the program runs on p's CPU (prev in ops.dispatch, a
 * task put back in ops.enqueue). Reading the current task as bound kept a CPU
 * hog where it was for good. A task really migration-disabled misread here
 * comes to no harm: the kernel does not pass it to ops.enqueue, and no other
 * CPU takes it from a DSQ; moves still go through scx_task_migration_disabled().
 */
static __always_inline bool scx_task_pinned(const struct task_struct *p)
{
	if (p->nr_cpus_allowed == 1)
		return true;
	if (!bpf_core_field_exists(p->migration_disabled))
		return false;
	return p->migration_disabled > (p == (const struct task_struct *)bpf_get_current_task_btf() ? 1 : 0);
}

/* A kernel thread bound to one CPU (ksoftirqd, kworkers, migration, rcu): it must never wait behind others. */
static __always_inline bool scx_task_percpu_kthread(const struct task_struct *p)
{
	return (p->flags & PF_KTHREAD) && p->nr_cpus_allowed == 1;
}
