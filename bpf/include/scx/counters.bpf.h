/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics counters that userspace reads as plain memory, with no system call:
 * each CPU adds to its own row of u64 counters in an mmapable array, and Java
 * (BpfMap.sumCounters) maps the array once and sums the rows at every report.
 * A row is a whole number of cache lines, so no two CPUs ever write the same
 * line. max_entries 0 asks the loader for one row per possible CPU, as libbpf
 * does for perf event arrays.
 *
 *	SCX_COUNTERS(stats, NR_STATS);
 *	scx_count(&stats, STAT_LOCAL);
 *
 * Only types and helpers every BPF object has: <linux/types.h> or vmlinux.h,
 * and libbpf's <bpf/bpf_helpers.h>.
 */
#pragma once

/* A counters map named name: rows of nr u64 counters, each row padded to cache lines. */
#define SCX_COUNTERS(name, nr)							\
	struct {								\
		__uint(type, BPF_MAP_TYPE_ARRAY);				\
		__uint(map_flags, BPF_F_MMAPABLE);				\
		__uint(max_entries, 0);						\
		__type(key, __u32);						\
		__type(value, struct { __u64 n[nr]; } __attribute__((aligned(64)))); \
	} name SEC(".maps")

/* Adds one to counter idx of this CPU's row of an SCX_COUNTERS map. */
#define scx_count(counters, idx) \
	scx_count_in((counters), (idx), sizeof((counters)->value->n) / sizeof(__u64))

static __always_inline void scx_count_in(void *counters, __u32 idx, __u32 nr)
{
	__u32 cpu = bpf_get_smp_processor_id();
	__u64 *row = bpf_map_lookup_elem(counters, &cpu);

	/* BPF runs with migration disabled: only this CPU writes its row. */
	if (row && idx < nr)
		row[idx]++;
}
