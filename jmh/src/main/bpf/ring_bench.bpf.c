// BPF side of the ring buffer benchmarks: drain() forwards Java's user ring buffer records
// to the kernel ring buffer with a checksum; fill(n) produces n records for read benchmarks.
// No wake-ups: the benchmarks consume synchronously and never sleep on the ring.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct record {
	__u32 seq;
	__u64 value;
	__u64 checksum;
};

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 1 << 20);
} to_kernel SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} to_user SEC(".maps");

struct record last;   /* keeps struct record in the BTF for the layout check */

static long forward(struct bpf_dynptr *sample, void *ctx)
{
	struct record r;

	if (bpf_dynptr_read(&r, sizeof(r), sample, 0, 0))
		return 1;
	r.checksum = (__u64)r.seq * 0x9E3779B97F4A7C15ULL ^ r.value;
	return bpf_ringbuf_output(&to_user, &r, sizeof(r), BPF_RB_NO_WAKEUP) ? 1 : 0;
}

SEC("syscall")
int drain(void *ctx)
{
	return bpf_user_ringbuf_drain(&to_kernel, forward, 0, 0);
}

static long fill_one(__u64 i, void *ctx)
{
	struct record r = { .seq = i, .value = i, .checksum = i };

	return bpf_ringbuf_output(&to_user, &r, sizeof(r), BPF_RB_NO_WAKEUP) ? 1 : 0;
}

SEC("syscall")
int fill(__u64 *n)
{
	return bpf_loop(*n, fill_one, 0, 0);
}
