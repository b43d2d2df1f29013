// Fixture for the ring buffer round trip: Java writes records into a user ring buffer,
// drain() moves each into the kernel ring buffer with a checksum, Java reads them back.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct record {
	__u32 seq;        /* a u32 followed by u64 fields: padding at 4..7 */
	__u64 value;
	__u64 checksum;   /* set by BPF: seq * 0x9E3779B97F4A7C15 ^ value */
};

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 1 << 20);
} to_kernel SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} to_user SEC(".maps");

__u64 drained, dropped;
struct record last;   /* the last record forwarded (also puts struct record into the BTF) */
const volatile __u64 wakeup_flags = 0;   /* BPF_RB_NO_WAKEUP (1) or BPF_RB_FORCE_WAKEUP (2) */

static long forward(struct bpf_dynptr *sample, void *ctx)
{
	struct record r;

	if (bpf_dynptr_read(&r, sizeof(r), sample, 0, 0)) {
		dropped++;
		return 0;
	}
	r.checksum = (__u64)r.seq * 0x9E3779B97F4A7C15ULL ^ r.value;
	if (bpf_ringbuf_output(&to_user, &r, sizeof(r), wakeup_flags))
		dropped++;
	else
		drained++;
	last = r;
	return 0;
}

/* Drains every record Java submitted; returns how many were drained (or a negative error). */
SEC("syscall")
int drain(void *ctx)
{
	return bpf_user_ringbuf_drain(&to_kernel, forward, 0, 0);
}

static long emit_one(__u64 i, void *ctx)
{
	__u64 buf[8];   /* 64 bytes */
	__u32 len = 4 + 4 * (i / 5 % 16);

	for (int j = 0; j < 8; j++)
		buf[j] = i;
	if (bpf_ringbuf_output(&to_user, buf, len, wakeup_flags))
		return 1;
	if (i == 0) {
		__u64 *p = bpf_ringbuf_reserve(&to_user, 8, 0);

		if (!p)
			return 1;
		*p = 0xdead;
		bpf_ringbuf_discard(p, 0);
	}
	return 0;
}

/* Emits n records of lengths 4, 8, .. 64 bytes in runs of five alike (record i:
 * 4 + 4 * (i / 5 % 16) bytes, its first u32 holds i), and reserves then discards one
 * more after the first, which the reader must skip. Returns how many were emitted. */
SEC("syscall")
int emit(__u64 *n)
{
	return bpf_loop(*n, emit_one, 0, 0);
}
