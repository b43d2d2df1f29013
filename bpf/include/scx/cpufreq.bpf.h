/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPU frequency from load, shared by the deadline schedulers: each CPU's busy
 * share (time its tasks ran over wall time, averaged) becomes its cpufreq
 * target (scx_bpf_cpuperf_set, which schedutil follows), full speed from 3/4
 * busy up. Include it after common.bpf.h; call scx_cpufreq_account() from
 * ops.stopping and scx_cpufreq_update() from ops.running.
 */
#pragma once

struct scx_cpufreq_cpu {
	u64 last_update;
	u64 perf;	/* busy share, 0..SCX_CPUPERF_ONE */
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scx_cpufreq_cpu);
} scx_cpufreq_cpus SEC(".maps");

static __always_inline struct scx_cpufreq_cpu *scx_cpufreq_cpu(void)
{
	u32 zero = 0;
	return bpf_map_lookup_elem(&scx_cpufreq_cpus, &zero);
}

/* This CPU ran a task for ran ns, ending now. */
static __always_inline void scx_cpufreq_account(u64 ran, u64 now)
{
	struct scx_cpufreq_cpu *c = scx_cpufreq_cpu();
	u64 wall;

	if (!c)
		return;
	wall = now - c->last_update;
	if (!wall)
		return;
	c->perf = scx_ewma(c->perf, min_u64(ran * SCX_CPUPERF_ONE / wall, SCX_CPUPERF_ONE));
	c->last_update = now;
}

/* Asks for this CPU's frequency to follow its busy share. */
static __always_inline void scx_cpufreq_update(s32 cpu)
{
	struct scx_cpufreq_cpu *c = scx_cpufreq_cpu();

	if (!c || !bpf_ksym_exists(scx_bpf_cpuperf_set))
		return;
	scx_bpf_cpuperf_set(cpu, c->perf >= SCX_CPUPERF_ONE * 3 / 4 ? SCX_CPUPERF_ONE : c->perf);
}
