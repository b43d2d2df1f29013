// Fixture: the smallest TCP congestion control, to test struct_ops attach/detach on a
// kernel without sched_ext. Only the members set here are declared; libbpf matches them
// to the kernel's struct tcp_congestion_ops by name.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct sock;

struct tcp_congestion_ops {
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
} __attribute__((preserve_access_index));

SEC("struct_ops/scx4j_ssthresh")
__u32 BPF_PROG(scx4j_ssthresh, struct sock *sk)
{
	return 2;
}

SEC("struct_ops/scx4j_cong_avoid")
void BPF_PROG(scx4j_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC("struct_ops/scx4j_undo_cwnd")
__u32 BPF_PROG(scx4j_undo_cwnd, struct sock *sk)
{
	return 2;
}

SEC(".struct_ops.link")
struct tcp_congestion_ops scx4j_test_cc = {
	.ssthresh = (void *)scx4j_ssthresh,
	.cong_avoid = (void *)scx4j_cong_avoid,
	.undo_cwnd = (void *)scx4j_undo_cwnd,
	.name = "scx4j_test_cc",
};
