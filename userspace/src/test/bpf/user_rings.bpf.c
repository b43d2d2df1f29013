// Fixture for the Java side of the transport on the host kernel (no sched_ext needed):
// emit() writes struct user_task records into a ring buffer as enqueue would, and
// drain() reads struct user_dispatch decisions from a user ring buffer as dispatch
// would, checking each one against the task it answers.
#include <vmlinux.h>
#include <bpf/bpf_helpers.h>
#include "../../main/bpf/user_sched.h"
#include "../../main/bpf/user_rings.h"

char LICENSE[] SEC("license") = "GPL";

const volatile u32 nr_tasks = 1000;
u64 nr_emitted, nr_received, nr_mismatched, sum_slice, last_vtime;
u64 nr_submitted; /* written by Java, as in user_sched.bpf.c */

/* Task i: pid 1000 + i, enqueue counter 7 * i + 1, vruntime decreasing with i. */
static long emit_one(u64 i, void *ctx)
{
	struct user_task *t = bpf_ringbuf_reserve(&queued, sizeof(*t), 0);

	if (!t)
		return 1;
	__builtin_memset(t, 0, sizeof(*t));
	t->pid = 1000 + i;
	t->cpu = i & 1;
	t->nr_cpus_allowed = 2;
	t->flags = (i % 3 == 0) ? USER_TASK_WAKEUP : 0;
	t->enq_seq = 7 * i + 1;
	t->weight = 100;
	t->vtime = 1000000000ULL - i * 1000;
	t->comm[0] = 't';
	bpf_ringbuf_submit(t, 0);
	nr_emitted++;
	return 0;
}

SEC("syscall")
int emit(void *ctx)
{
	bpf_loop(nr_tasks, emit_one, NULL, 0);
	return 0;
}

static long check_one(struct bpf_dynptr *sample, void *ctx)
{
	struct user_dispatch d;

	if (bpf_dynptr_read(&d, sizeof(d), sample, 0, 0)) {
		nr_mismatched++;
		return 0;
	}
	nr_received++;
	if (d.pid < 1000 || d.enq_seq != 7 * (u64)(d.pid - 1000) + 1)
		nr_mismatched++;
	sum_slice += d.slice_ns;
	last_vtime = d.vtime;
	return 0;
}

SEC("syscall")
int drain(void *ctx)
{
	bpf_user_ringbuf_drain(&dispatched, check_one, NULL, 0);
	return 0;
}
