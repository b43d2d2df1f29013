/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Idle injection (-t of scx_bpfland and scx_flash): a timer flips every CPU
 * between running tasks for run_ns and running nothing for idle_ns, trading
 * throughput for power and heat. Include it after idle.bpf.h; ops.dispatch
 * returns at once while scx_throttled, and ops.init calls scx_throttle_start().
 */
#pragma once

/* CPUs dispatch nothing while set. */
static bool scx_throttled;
static u64 scx_throttle_run_ns, scx_throttle_idle_ns;

struct scx_throttle_timer {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct scx_throttle_timer);
} scx_throttle_timers SEC(".maps");

/* Flips the phase and kicks every CPU, so that the change takes effect now rather than at the next tick. */
static int scx_throttle_timerfn(void *map, int *key, struct bpf_timer *timer)
{
	bool idle = !scx_throttled;
	s32 cpu;

	scx_throttled = idle;
	bpf_for(cpu, 0, idle_nr_cpus)
		scx_bpf_kick_cpu(cpu, idle ? SCX_KICK_PREEMPT : SCX_KICK_IDLE);
	if (bpf_timer_start(timer, idle ? scx_throttle_idle_ns : scx_throttle_run_ns, 0))
		scx_bpf_error("cannot re-arm the throttle timer");
	return 0;
}

/* From ops.init: injects idle_ns of idle after every run_ns of running; nothing when idle_ns is 0. */
static int scx_throttle_start(u64 run_ns, u64 idle_ns)
{
	struct scx_throttle_timer *tt;
	u32 zero = 0;

	if (!idle_ns)
		return 0;
	tt = bpf_map_lookup_elem(&scx_throttle_timers, &zero);
	if (!tt)
		return -EINVAL;
	scx_throttle_run_ns = run_ns;
	scx_throttle_idle_ns = idle_ns;
	bpf_timer_init(&tt->timer, &scx_throttle_timers, CLOCK_MONOTONIC);
	bpf_timer_set_callback(&tt->timer, scx_throttle_timerfn);
	return bpf_timer_start(&tt->timer, run_ns, 0);
}
