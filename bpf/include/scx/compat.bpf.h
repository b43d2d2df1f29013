/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One name per operation whatever the kernel: each wrapper calls the newest
 * form the running kernel has. bpf_ksym_exists() is a load-time constant, so
 * the verifier drops the branches of the forms that did not resolve.
 * Include through common.bpf.h.
 */
#pragma once

/* Queues p on dsq_id with the given slice; false when the kernel refused (6.19+). */
static __always_inline bool scx_bpf_dsq_insert(struct task_struct *p, u64 dsq_id, u64 slice, u64 enq_flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_insert___v2))
		return scx_bpf_dsq_insert___v2(p, dsq_id, slice, enq_flags);
	if (bpf_ksym_exists(scx_bpf_dsq_insert___v1)) {
		scx_bpf_dsq_insert___v1(p, dsq_id, slice, enq_flags);
		return true;
	}
	scx_bpf_dispatch___v0(p, dsq_id, slice, enq_flags);
	return true;
}

/* Queues p on the user DSQ dsq_id ordered by vtime. */
static __always_inline bool scx_bpf_dsq_insert_vtime(struct task_struct *p, u64 dsq_id, u64 slice, u64 vtime,
						     u64 enq_flags)
{
	if (bpf_ksym_exists(__scx_bpf_dsq_insert_vtime)) {
		struct scx_bpf_dsq_insert_vtime_args args = {
			.dsq_id = dsq_id, .slice = slice, .vtime = vtime, .enq_flags = enq_flags,
		};
		return __scx_bpf_dsq_insert_vtime(p, &args);
	}
	if (bpf_ksym_exists(scx_bpf_dsq_insert_vtime___v1)) {
		scx_bpf_dsq_insert_vtime___v1(p, dsq_id, slice, vtime, enq_flags);
		return true;
	}
	scx_bpf_dispatch_vtime___v0(p, dsq_id, slice, vtime, enq_flags);
	return true;
}

/* Moves the first task of dsq_id to this CPU's local DSQ; false when dsq_id was empty. */
static __always_inline bool scx_bpf_dsq_move_to_local(u64 dsq_id, u64 enq_flags)
{
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local___v2))
		return scx_bpf_dsq_move_to_local___v2(dsq_id, enq_flags);
	if (bpf_ksym_exists(scx_bpf_dsq_move_to_local___v1))
		return scx_bpf_dsq_move_to_local___v1(dsq_id);
	return scx_bpf_consume___v0(dsq_id);
}

/* Sets p's virtual time: through the kfunc where it exists (6.19+), else by a direct write. */
static __always_inline void scx_task_set_dsq_vtime(struct task_struct *p, u64 vtime)
{
	if (bpf_ksym_exists(scx_bpf_task_set_dsq_vtime))
		scx_bpf_task_set_dsq_vtime(p, vtime);
	else
		p->scx.dsq_vtime = vtime;
}

/* Sets p's remaining slice: through the kfunc where it exists (6.19+), else by a direct write. */
static __always_inline void scx_task_set_slice(struct task_struct *p, u64 slice)
{
	if (bpf_ksym_exists(scx_bpf_task_set_slice))
		scx_bpf_task_set_slice(p, slice);
	else
		p->scx.slice = slice;
}

/* The time sched_ext uses (cached per rq, 6.14+), else the monotonic clock. */
static __always_inline u64 scx_now(void)
{
	if (bpf_ksym_exists(scx_bpf_now))
		return scx_bpf_now();
	return bpf_ktime_get_ns();
}
