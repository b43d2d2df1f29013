/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header every scx4j scheduler includes: kernel types, libbpf's BPF
 * helpers, the sched_ext kfuncs (declared here, weak, so an object loads on
 * every kernel from 6.12 to 7.3), version-independent wrappers for the kfuncs
 * that were renamed or changed shape, the exit-info record and the statistics
 * counters that Java reads, and a few small helpers.
 */
#pragma once

/* vmlinux.h from bpftool declares kfuncs itself; we declare them below. */
#define BPF_NO_KFUNC_PROTOTYPES
#include "../vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

#include "kfuncs.bpf.h"
#include "compat.bpf.h"
#include "exit_info.bpf.h"
#include "task.bpf.h"
#include "cgroup.bpf.h"
#include "rbtree.bpf.h"
#include "cpumask.bpf.h"
#include "counters.bpf.h"

/* A sched_ext_ops callback: BPF_STRUCT_OPS(name, args...) { body }. */
#define BPF_STRUCT_OPS(name, args...) \
	SEC("struct_ops/" #name) BPF_PROG(name, ##args)

/* The same for callbacks the kernel runs in sleepable context (init, init_task, cgroup_init). */
#define BPF_STRUCT_OPS_SLEEPABLE(name, args...) \
	SEC("struct_ops.s/" #name) BPF_PROG(name, ##args)

/* Kernel and libc constants vmlinux.h lacks (macros, not BTF); stable ABI values. */
#define PF_KTHREAD 0x00200000 /* task_struct.flags: a kernel thread */
#define CLOCK_MONOTONIC 1
#define ESRCH 3
#define ENOMEM 12
#define EINVAL 22

/* Inside bpf_for_each(scx_dsq, ...): the iterator, for scx_bpf_dsq_move*(). */
#define BPF_FOR_EACH_ITER (&___it)

/*
 * Kernel values the runtime fills in .rodata from the running kernel's BTF
 * before load (org.scx4j.core.KernelCompat). The defaults are the values of
 * the kernel vmlinux.h was generated from.
 */
const volatile u64 scx_dsq_local_id = SCX_DSQ_LOCAL;
const volatile u64 scx_dsq_global_id = SCX_DSQ_GLOBAL;
const volatile u64 scx_slice_dfl_ns = SCX_SLICE_DFL;

/*
 * Formats args into an array for the *_bstr kfuncs, then evaluates call,
 * which refers to the format as ___fmt and the array as ___param.
 */
#define ___scx_bstr(call, fmt, args...)                                          \
	({                                                                       \
		static char ___fmt[] = fmt;                                      \
		unsigned long long ___param[___bpf_narg(args)];                  \
		_Pragma("GCC diagnostic push")                                   \
		_Pragma("GCC diagnostic ignored \"-Wint-conversion\"")           \
		___bpf_fill(___param, args);                                     \
		_Pragma("GCC diagnostic pop")                                    \
		call;                                                            \
	})

/* Ends the scheduler with SCX_EXIT_ERROR_BPF and a formatted message (printed as the exit message). */
#define scx_bpf_error(fmt, args...) \
	___scx_bstr(scx_bpf_error_bstr(___fmt, ___param, sizeof(___param)), fmt, ##args)

/* Ends the scheduler with SCX_EXIT_UNREG_BPF, the given exit code and a formatted message. */
#define scx_bpf_exit(code, fmt, args...) \
	___scx_bstr(scx_bpf_exit_bstr(code, ___fmt, ___param, sizeof(___param)), fmt, ##args)

/* Appends a formatted line fragment to the exit dump (from ops.dump, dump_cpu and dump_task). */
#define scx_bpf_dump(fmt, args...) \
	___scx_bstr(scx_bpf_dump_bstr(___fmt, ___param, sizeof(___param)), fmt, ##args)

/* Wrap-around safe ordering of virtual times (u64 counters). */
static __always_inline bool vtime_before(u64 a, u64 b)
{
	return (s64)(a - b) < 0;
}

/*
 * Whether more than limit ns passed from then to now. Signed: another CPU may stamp then after
 * this one read now, and an unsigned difference would count that as a long age.
 */
static __always_inline bool scx_older_than(u64 then, u64 now, u64 limit)
{
	return (s64)(now - then) > (s64)limit;
}

static __always_inline u64 max_u64(u64 a, u64 b) { return a > b ? a : b; }
static __always_inline u64 min_u64(u64 a, u64 b) { return a < b ? a : b; }

/* The new average after one more sample: 3/4 of the old plus 1/4 of the new. */
static __always_inline u64 scx_ewma(u64 old, u64 sample)
{
	return old - (old >> 2) + (sample >> 2);
}
