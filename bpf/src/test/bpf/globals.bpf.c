// Fixture for the binding's tests: globals in every data section, a hash map, a per-CPU
// array, a counters map, and syscall programs that Java runs with bpf_prog_test_run_opts.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <scx/counters.bpf.h>

char LICENSE[] SEC("license") = "GPL";

const volatile __u32 multiplier = 1;   /* .rodata: set from Java before load */
__u64 runs;                            /* .bss: counted live */
__u64 last_result;
__u32 started = 7;                     /* .data */

struct stats {
	__u32 seq;       /* a u32 followed by a u64: 4 bytes of padding between */
	__u64 total;
	__u64 max;
};
struct stats stats;                    /* .bss struct, read through a checked layout */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} squares SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} notes SEC(".maps");                  /* max_entries 0, as storage maps must have */

SCX_COUNTERS(counted, 2);              /* counter 0: runs of compute, on the CPU each ran on */

struct args {
	__u64 input;
	__u64 output;
};

/* output = input * multiplier; also counts runs and keeps stats, a per-CPU hit count and a counter. */
SEC("syscall")
int compute(struct args *a)
{
	__u32 zero = 0;
	__u64 *hit = bpf_map_lookup_elem(&hits, &zero);
	__u64 r = a->input * multiplier;

	if (hit)
		*hit += 1;
	scx_count(&counted, 0);
	a->output = r;
	last_result = r;
	__sync_fetch_and_add(&runs, 1);
	stats.seq += 1;
	stats.total += r;
	if (r > stats.max)
		stats.max = r;
	return (int)(r & 0x7fffffff);
}

/* Puts key -> key*key into the hash map for the keys 0..n-1 passed in the context. */
SEC("syscall")
int fill_squares(struct args *a)
{
	for (int i = 0; i < 64; i++) {
		__u32 k = i;   /* a copy: the loop counter must stay in a register for the verifier */
		__u64 v = (__u64)i * i;

		if (i >= a->input)
			break;
		bpf_map_update_elem(&squares, &k, &v, BPF_ANY);
	}
	return 0;
}
