/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The BPF half of every scheduler whose policy is written in Java.
 *
 * enqueue sends each runnable task to the JVM as a struct user_task through a ring
 * buffer; the JVM decides (CPU, slice, order) and answers with struct user_dispatch
 * records in a user ring buffer, which dispatch drains into a vtime-ordered shared DSQ
 * or a CPU's local DSQ. An answer whose enqueue counter no longer matches the task's
 * is stale and dropped.
 *
 * Nothing may wait on the JVM that the JVM itself needs: every thread of the
 * scheduler's own process and every kernel thread is dispatched here directly (the JVM's
 * threads but the decision loop through a DSQ of their own, served first). And no
 * task waits for the JVM longer than fallback_ns: each enqueue also records
 * (pid, counter, time) in a FIFO; dispatch pops answered entries off its head and moves
 * any entry older than the bound to a FIFO DSQ of its own served before Java's, and a
 * timer kicks idle CPUs when such work is waiting. A GC pause or a SIGSTOP of the JVM
 * thus only slows decisions down to BPF's own FIFO, never into a watchdog stall.
 * A task whose slice ends while nothing else is queued keeps its CPU for another slice
 * of its own length (keep_prev), not for the kernel's 20 ms default refill.
 * Loops run through bpf_loop so the verifier checks each body once.
 *
 * A decision may carry a wake grant: when the task wakes while a CPU hog holds a CPU, it
 * preempts the hog at once, as with EEVDF's wake-up preemption. Java hears of each such
 * wake-up afterwards (USER_TASK_RAN) and may withdraw the grant (a USER_CPU_NONE answer);
 * any later decision for the task replaces it. Interactive tasks so skip the round trip
 * through the JVM where it costs most. No preemption that a synchronous wake-up sets off
 * (a grant, an urgent decision, the decision loop waking) cuts a task in the first tenth
 * of a slice after it got its CPU: message passing stays in batches (spares()).
 * And the decision loop preempts nothing when no woken task waits for Java, only tasks that
 * were running (a slice ended, a preemption): it waits for its CPU's next switch, unless a
 * woken task or an idle CPU comes to need it first. Each preemption sends one more task
 * through Java, so preempting for those only fed the queue with tasks that had just run.
 */
#include <scx/common.bpf.h>
#include "user_sched.h"
#include "user_rings.h"

char _license[] SEC("license") = "GPL";

/* Generic BPF kfuncs (not sched_ext), present on every kernel with sched_ext. */
struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
void bpf_task_release(struct task_struct *p) __ksym;
bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *cpumask) __ksym;

#define PF_KTHREAD     0x00200000
#define SHARED_DSQ     0 /* Java's decisions for any CPU, in the policy's vtime order */
#define FALLBACK_DSQ   1 /* tasks BPF dispatched itself, FIFO */
#define JVM_DSQ        2 /* the JVM's threads but the decision loop, FIFO, served first */
#define MAX_SCAN       64 /* FIFO entries examined per dispatch call */
#define MAX_CPUS       1024
#define TIMER_NS       5000000ULL

/*
 * Java answers applied and overdue tasks dispatched per dispatch call. Variables, not
 * constants: the verifier checks a callback once per value of a count compared with a
 * constant, but once for a count that starts from a value it cannot know (dispatch's
 * verification took 115-120 ms under emulation with constants, 61-64 ms so).
 */
volatile u32 max_drain = 32, max_fallback = 16;

/* Set by Java before load. */
const volatile u32 usersched_tgid;              /* the JVM's pid */
const volatile u64 direct_slice_ns = 5000000;   /* slice of tasks dispatched here directly */
const volatile u64 fallback_ns = 40000000;      /* longest wait for a Java decision */
const volatile u64 fallback_slice_ns = 5000000; /* slice of tasks dispatched on the bound */

/* Counters, read by Java (monotonic). */
volatile u64 nr_queued;          /* tasks sent to Java */
volatile u64 nr_user_dispatched; /* Java decisions applied */
volatile u64 nr_fallback;        /* tasks dispatched here because Java took too long */
volatile u64 nr_ring_full;       /* tasks dispatched here because no ring space was left */
volatile u64 nr_stale;           /* Java decisions that no longer applied */
volatile u64 nr_failed;          /* malformed Java decisions */
volatile u64 nr_jvm;             /* dispatches of the JVM's own threads */
volatile u64 nr_kthread;         /* dispatches of kernel threads */
volatile u64 user_lat_sum_ns;    /* enqueue -> Java decision applied */
volatile u64 user_lat_max_ns;
volatile u64 run_lat_sum_ns;     /* Java decision applied -> running */
volatile u64 nr_run_lat;
volatile u64 nr_drained;         /* user ring records consumed (any outcome) */
volatile u64 nr_timer_kicks;
volatile u64 nr_kept;            /* slices renewed by BPF at their end: nothing else waited */
volatile u64 nr_granted;         /* wake-ups run at once on a wake grant */
volatile u64 nr_grants;          /* tasks holding a wake grant now (a gauge) */
volatile u64 nr_spared;          /* preemptions skipped after a synchronous wake-up: see spares() */
volatile u64 nr_deferred;        /* decision loop wake-ups that waited for the next switch: see loop_waits_on */
volatile u64 shared_depth;       /* tasks in the shared DSQ at the watch timer's last tick (a gauge) */

/* Written by Java. */
volatile u64 nr_submitted;       /* user ring records Java has submitted */
volatile u32 loop_tid;           /* the Java thread that makes decisions: preempts */

static u64 vtime_now;
static bool last_queued_sync;	/* the last task sent to Java woke synchronously: see spares() */
static bool last_queued_woke;	/* the last task sent to Java woke up (else it had been running) */
static s32 loop_waits_on;	/* 1 + the CPU whose next switch the decision loop waits for (0: none) */
static u64 scan_busy;
static bool drain_wanted[MAX_CPUS];     /* see us_running */

/* Sets @cpu's drain_wanted to @want and returns what it was. */
static inline bool set_drain_wanted(s32 cpu, bool want)
{
	bool was;

	if (cpu < 0 || cpu >= MAX_CPUS)
		return false;
	was = drain_wanted[cpu];
	drain_wanted[cpu] = want;
	return was;
}

enum task_state { TS_NONE, TS_QUEUED, TS_DISPATCHED };

struct task_ctx {
	u64 enq_seq;
	u64 enq_ts;
	u64 dispatch_ts;
	u64 start_ts;
	u64 stop_ts;
	u64 exec_runtime;
	u64 burst;
	u64 avg_burst;
	u64 vruntime;
	u64 state;
	u64 idle_hint;
	u64 urgent;	/* placed by a preempting decision and not yet stopped */
	u64 wake_slice;	/* the wake grant of Java's last answer (0: none) */
	u64 slice;	/* the slice it was last dispatched with */
	u64 sync_wake;	/* its last wake-up came from a task about to sleep (a pipe or socket write) */
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct task_ctx);
} task_ctxs SEC(".maps");

struct pending {
	s32 pid;
	u32 pad;
	u64 enq_seq;
	u64 enq_ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 32768);
	__type(value, struct pending);
} waiting SEC(".maps");

struct timer_slot {
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct timer_slot);
} watch_timer SEC(".maps");

/* Keep compatible structs referenced so their BTF is in the object (layout checks). */
struct user_task user_task_btf_anchor;
struct user_dispatch user_dispatch_btf_anchor;

static inline bool is_jvm(const struct task_struct *p)
{
	return p->tgid == usersched_tgid;
}

/* The JVM thread that makes decisions (known once Java has set loop_tid). */
static inline bool is_loop(const struct task_struct *p)
{
	return loop_tid && p->pid == loop_tid;
}

static inline bool is_direct(const struct task_struct *p)
{
	return is_jvm(p) || (p->flags & PF_KTHREAD);
}

static inline struct task_ctx *ctx_of(struct task_struct *p)
{
	return bpf_task_storage_get(&task_ctxs, p, 0, 0);
}

/* Placed by a decision that asked to run at once: it runs briefly, leave it be. */
static inline bool is_urgent(struct task_struct *p)
{
	struct task_ctx *tctx = ctx_of(p);

	return tctx && tctx->urgent;
}

static inline bool runs_urgent(s32 cpu)
{
	struct task_struct *curr = scx_bpf_cpu_curr(cpu);

	return curr && is_urgent(curr);
}

/* Whether what @cpu runs may be preempted: not the decision loop, a kernel thread or an urgent task. */
static inline bool preemptible(s32 cpu)
{
	struct task_struct *curr = scx_bpf_cpu_curr(cpu);

	return curr && !is_loop(curr) && !(curr->flags & PF_KTHREAD) && !is_urgent(curr);
}

/* Whether a task got its CPU less than a tenth of a slice ago. */
static inline bool within_tenth(const struct task_ctx *cctx)
{
	return !scx_older_than(cctx->start_ts, bpf_ktime_get_ns(), scx_slice_dfl_ns / 10);
}

/* Whether @cpu's task got the CPU less than a tenth of a slice ago, so that a synchronous
 * wake-up (@sync: a pipe or socket write) leaves it be. That is message passing: a sender
 * writes for slices on end without sleeping, each write waking a receiver; cut at each
 * wake-up, by the receiver or by the decision loop it wakes, the sender would send one
 * message per switch, and the receivers would keep the short bursts that made them
 * urgent. As EEVDF lets a waker run to parity, the sender keeps its tenth of a slice. */
static inline bool spares(s32 cpu, bool sync)
{
	struct task_struct *curr;
	struct task_ctx *cctx;

	if (!sync)
		return false;
	curr = scx_bpf_cpu_curr(cpu);
	cctx = curr ? ctx_of(curr) : NULL;
	return cctx && within_tenth(cctx);
}

/* What a wake grant may do to what @cpu runs: preempt it only if it is a CPU hog (a task
 * that has run a whole default slice since it last woke); cutting the short bursts of
 * tasks that sleep often only adds switches. A timer's or a device's wake-up preempts a
 * hog at once, a synchronous one only once spares() lets it (else the hog is spared). */
enum grant_victim { GRANT_NO, GRANT_SPARED, GRANT_PREEMPT };

static inline enum grant_victim grant_victim(s32 cpu, bool sync)
{
	struct task_struct *curr = scx_bpf_cpu_curr(cpu);
	struct task_ctx *cctx;

	if (!curr || !preemptible(cpu))
		return GRANT_NO;
	cctx = ctx_of(curr);
	if (!cctx || cctx->burst < scx_slice_dfl_ns)
		return GRANT_NO;
	return sync && within_tenth(cctx) ? GRANT_SPARED : GRANT_PREEMPT;
}

static inline bool allowed(struct task_struct *p, s32 cpu)
{
	return cpu >= 0 && cpu < MAX_CPUS && bpf_cpumask_test_cpu(cpu, p->cpus_ptr);
}

/* A CPU other than @skip where @p may run and what runs may be preempted (for a grant). */
struct victim_ctx {
	struct task_struct *p;
	s32 skip;
	s32 found;
	bool grant;
	bool sync;	/* the wake-up was synchronous: see spares() */
	bool spared;	/* a CPU's task was spared: see spares() */
};

static long find_victim(u64 i, void *data)
{
	struct victim_ctx *vc = data;
	s32 cpu = i;
	enum grant_victim g;

	if (cpu == vc->skip || !allowed(vc->p, cpu))
		return 0;
	if (vc->grant) {
		g = grant_victim(cpu, vc->sync);
		vc->spared |= g == GRANT_SPARED;
		if (g != GRANT_PREEMPT)
			return 0;
	} else if (!preemptible(cpu)) {
		return 0;
	} else if (spares(cpu, vc->sync)) {
		vc->spared = true;
		return 0;
	}
	vc->found = cpu;
	return 1;
}

static s32 scan_victims(struct victim_ctx *vc)
{
	u32 nr_cpus = scx_bpf_nr_cpu_ids();

	bpf_loop(nr_cpus < MAX_CPUS ? nr_cpus : MAX_CPUS, find_victim, vc, 0);
	return vc->found;
}

static s32 find_victim_cpu(struct task_struct *p, s32 skip, bool sync)
{
	struct victim_ctx vc = { .p = p, .skip = skip, .found = USER_CPU_ANY, .sync = sync };

	return scan_victims(&vc);
}

/* Wakes an idle CPU where @p may run, to pull it from a shared DSQ; false if none is idle. */
static inline bool kick_idle_cpu(struct task_struct *p)
{
	s32 cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);

	if (cpu < 0)
		return false;
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	return true;
}

static inline void count_direct(const struct task_struct *p)
{
	__sync_fetch_and_add(is_jvm(p) ? &nr_jvm : &nr_kthread, 1);
}

/*
 * The decision loop and kernel threads go straight to their CPU, the loop preempting
 * whatever runs there. The JVM's other threads (GC, JIT, safepoints) wake into JVM_DSQ,
 * which dispatch serves right after applying Java's decisions (were they on a local
 * DSQ, their CPU would not enter dispatch and decisions would wait in the ring), and
 * they preempt a CPU, since a stopped JVM stops deciding. One that used up its slice
 * (a JIT compile, say) queues in the shared DSQ at the current vtime instead, behind
 * interactive tasks: it is not what holds decisions up.
 */
static inline void insert_direct(struct task_struct *p, u64 enq_flags)
{
	s32 cpu;

	count_direct(p);
	if (!is_jvm(p)) {
		scx_bpf_dsq_insert(p, scx_dsq_local_id, direct_slice_ns, enq_flags);
		return;
	}
	if (is_loop(p)) {
		cpu = scx_bpf_task_cpu(p);
		if (!last_queued_woke) {
			loop_waits_on = cpu + 1;
			__sync_fetch_and_add(&nr_deferred, 1);
		} else if (spares(cpu, last_queued_sync)) {
			__sync_fetch_and_add(&nr_spared, 1);
		} else if (!runs_urgent(cpu)) {
			enq_flags |= SCX_ENQ_PREEMPT;
		}
		scx_bpf_dsq_insert(p, scx_dsq_local_id, direct_slice_ns, enq_flags);
		return;
	}
	if (!(enq_flags & SCX_ENQ_WAKEUP)) {
		scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, direct_slice_ns, vtime_now, enq_flags);
		return;
	}
	scx_bpf_dsq_insert(p, JVM_DSQ, direct_slice_ns, enq_flags);
	cpu = scx_bpf_task_cpu(p);
	if (!kick_idle_cpu(p) && preemptible(cpu))
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);
}

/* The decision loop waits for a switch that may be a slice away: @cpu needs it now. */
static inline void hurry_loop(s32 cpu)
{
	s32 waits_on = loop_waits_on;

	if (waits_on && waits_on - 1 != cpu) {
		loop_waits_on = 0;
		scx_bpf_kick_cpu(waits_on - 1, SCX_KICK_PREEMPT);
	}
}

/* The task's vruntime with sleeper credit bounded to one default slice. */
static inline u64 bounded_vtime(struct task_ctx *tctx)
{
	u64 floor = vtime_now - scx_slice_dfl_ns;

	if (vtime_before(tctx->vruntime, floor))
		tctx->vruntime = floor;
	return tctx->vruntime;
}

/*
 * Uses @p's wake grant where it matters most: when its CPU is not idle, it preempts a CPU
 * hog there or on another CPU. False otherwise: Java decides this wake-up as usual.
 */
static bool run_on_grant(struct task_struct *p, struct task_ctx *tctx, u64 enq_flags)
{
	s32 cpu = scx_bpf_task_cpu(p);
	struct victim_ctx vc = { .p = p, .skip = cpu, .found = USER_CPU_ANY, .grant = true, .sync = tctx->sync_wake };
	enum grant_victim g;

	if (tctx->idle_hint)
		return false;
	g = grant_victim(cpu, vc.sync);
	vc.spared = g == GRANT_SPARED;
	if (g != GRANT_PREEMPT)
		cpu = scan_victims(&vc);
	if (cpu < 0) {
		if (vc.spared)
			__sync_fetch_and_add(&nr_spared, 1);
		return false;
	}
	tctx->state = TS_DISPATCHED;
	tctx->urgent = 1;
	tctx->dispatch_ts = bpf_ktime_get_ns();
	tctx->slice = tctx->wake_slice;
	scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, tctx->wake_slice, enq_flags | SCX_ENQ_PREEMPT);
	__sync_fetch_and_add(&nr_granted, 1);
	return true;
}

s32 BPF_STRUCT_OPS(us_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	struct task_ctx *tctx;
	bool is_idle = false;
	s32 cpu;

	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &is_idle);
	if (!is_idle && is_loop(p) && (runs_urgent(cpu) || spares(cpu, last_queued_sync))) {
		/* Let a task Java just told to run finish its burst, or a waker its tenth of a
		 * slice: wake elsewhere. */
		s32 other = find_victim_cpu(p, cpu, last_queued_sync);

		if (other >= 0)
			cpu = other;
	}
	if (is_direct(p)) {
		if (is_idle) { /* the CPU is free: no dispatch is needed to run it */
			count_direct(p);
			/*
			 * The CPU looked idle, but a Java decision may already wait on its local
			 * DSQ (the CPU not yet awake): a JVM thread goes to the head (PREEMPT
			 * implies HEAD), or decisions would stop for that task's whole slice.
			 */
			scx_bpf_dsq_insert(p, scx_dsq_local_id, direct_slice_ns, is_jvm(p) ? SCX_ENQ_PREEMPT : 0);
		}
		return cpu;
	}
	tctx = ctx_of(p);
	if (tctx) {
		tctx->idle_hint = is_idle;
		tctx->sync_wake = wake_flags & SCX_WAKE_SYNC;
	}
	return cpu;
}

void BPF_STRUCT_OPS(us_enqueue, struct task_struct *p, u64 enq_flags)
{
	struct pending entry = {};
	struct user_task *rec;
	struct task_ctx *tctx;
	u64 now = bpf_ktime_get_ns();
	bool ran;

	if (is_direct(p)) {
		insert_direct(p, enq_flags);
		return;
	}
	tctx = ctx_of(p);
	if (!tctx) {
		scx_bpf_dsq_insert(p, FALLBACK_DSQ, fallback_slice_ns, enq_flags);
		return;
	}
	tctx->enq_seq++;
	tctx->enq_ts = now;
	if (!(enq_flags & SCX_ENQ_WAKEUP))
		tctx->sync_wake = 0;
	ran = (enq_flags & SCX_ENQ_WAKEUP) && tctx->wake_slice && run_on_grant(p, tctx, enq_flags);
	if (!ran) {
		tctx->state = TS_QUEUED;
		entry.pid = p->pid;
		entry.enq_seq = tctx->enq_seq;
		entry.enq_ts = now;
	}
	rec = !ran && bpf_map_push_elem(&waiting, &entry, 0) ? NULL :
	      bpf_ringbuf_reserve(&queued, sizeof(*rec), 0);
	if (!rec) {
		tctx->idle_hint = 0;
		if (ran)
			return; /* Java will not hear of this wake-up: the grant stands */
		/* No room to track or send it: BPF decides, and the FIFO entry (if any) goes stale. */
		tctx->state = TS_DISPATCHED;
		tctx->slice = fallback_slice_ns;
		__sync_fetch_and_add(&nr_ring_full, 1);
		scx_bpf_dsq_insert(p, FALLBACK_DSQ, fallback_slice_ns, enq_flags);
		return;
	}
	rec->pid = p->pid;
	rec->cpu = scx_bpf_task_cpu(p);
	rec->nr_cpus_allowed = p->nr_cpus_allowed;
	rec->flags = ((enq_flags & SCX_ENQ_WAKEUP) ? USER_TASK_WAKEUP : 0) |
		     (tctx->idle_hint ? USER_TASK_IDLE_CPU : 0) | (ran ? USER_TASK_RAN : 0);
	rec->enq_seq = tctx->enq_seq;
	rec->enq_ts = now;
	rec->start_ts = tctx->start_ts;
	rec->stop_ts = tctx->stop_ts;
	rec->exec_runtime = tctx->exec_runtime;
	rec->burst_ns = tctx->avg_burst > tctx->burst ? tctx->avg_burst : tctx->burst;
	rec->weight = p->scx.weight;
	rec->vtime = bounded_vtime(tctx);
	__builtin_memcpy(rec->comm, p->comm, sizeof(rec->comm));
	tctx->idle_hint = 0;
	last_queued_sync = tctx->sync_wake;
	last_queued_woke = (enq_flags & SCX_ENQ_WAKEUP) && !ran; /* one that ran needs no decision */
	bpf_ringbuf_submit(rec, 0);
	if (last_queued_woke)
		hurry_loop(-1);
	if (!ran)
		__sync_fetch_and_add(&nr_queued, 1);
}

void BPF_STRUCT_OPS(us_dequeue, struct task_struct *p, u64 deq_flags)
{
	struct task_ctx *tctx = ctx_of(p);

	/* Leaving our custody: any decision still in flight for it is stale. */
	if (tctx)
		__sync_val_compare_and_swap(&tctx->state, TS_QUEUED, TS_NONE);
}

/* Claims a queued task for dispatch; false if it was dispatched or dequeued meanwhile. */
static inline bool claim(struct task_ctx *tctx, u64 enq_seq)
{
	return tctx->enq_seq == enq_seq &&
	       __sync_val_compare_and_swap(&tctx->state, TS_QUEUED, TS_DISPATCHED) == TS_QUEUED;
}

struct drain_ctx {
	u32 left;       /* answers this call may still apply */
	s32 cpu;        /* the CPU whose dispatch is draining */
	bool took_cpu;  /* a decision already went to that CPU */
};

/*
 * Where a task Java wants to run at once goes: the draining CPU (@drain_cpu) while it is
 * free, else an idle CPU, else a preemptible one (the task's own CPU first), else nowhere
 * in particular (USER_CPU_ANY). Global, so the verifier checks it once: inlined, its
 * paths multiplied those of apply_decision, and dispatch took most of the load's time.
 */
__noinline s32 preempt_target(struct task_struct *p __arg_trusted, s32 drain_cpu, bool took_cpu, bool sync)
{
	struct victim_ctx vc = { .p = p, .skip = took_cpu ? drain_cpu : -1, .found = USER_CPU_ANY, .sync = sync };
	s32 cpu;

	if (!took_cpu && allowed(p, drain_cpu))
		return drain_cpu;
	cpu = scx_bpf_pick_idle_cpu(p->cpus_ptr, 0);
	if (cpu >= 0)
		return cpu;
	cpu = scx_bpf_task_cpu(p);
	if (cpu != vc.skip && allowed(p, cpu) && preemptible(cpu) && !spares(cpu, sync))
		return cpu;
	cpu = scan_victims(&vc);
	if (cpu < 0 && vc.spared)
		__sync_fetch_and_add(&nr_spared, 1);
	return cpu;
}

/* Replaces @tctx's wake grant, keeping nr_grants the number of tasks that hold one. */
static void set_grant(struct task_ctx *tctx, u64 slice)
{
	if (!tctx->wake_slice != !slice)
		__sync_fetch_and_add(&nr_grants, slice ? 1 : -1);
	tctx->wake_slice = slice;
}

static long apply_decision(struct bpf_dynptr *dynptr, void *data)
{
	struct drain_ctx *dc = data;
	struct user_dispatch d;
	struct task_struct *p;
	struct task_ctx *tctx;
	u64 now, lat;
	bool preempt;
	s32 cpu;

	__sync_fetch_and_add(&nr_drained, 1);
	if (bpf_dynptr_read(&d, sizeof(d), dynptr, 0, 0)) {
		__sync_fetch_and_add(&nr_failed, 1);
		return 0;
	}
	p = bpf_task_from_pid(d.pid);
	if (!p) {
		__sync_fetch_and_add(&nr_stale, 1);
		return 0;
	}
	tctx = ctx_of(p);
	if (tctx && d.cpu == USER_CPU_NONE) {
		/* It ran on its grant: only the grant is decided. Answers come in the order of the
		 * task's enqueues, so even one a wake-up late is Java's latest word on it. */
		set_grant(tctx, d.wake_slice_ns);
		bpf_task_release(p);
		return 0;
	}
	if (!tctx || !claim(tctx, d.enq_seq)) {
		__sync_fetch_and_add(&nr_stale, 1);
		bpf_task_release(p);
		return 0;
	}
	set_grant(tctx, d.wake_slice_ns);
	now = bpf_ktime_get_ns();
	lat = now - tctx->enq_ts;
	tctx->dispatch_ts = now;
	tctx->slice = d.slice_ns;
	__sync_fetch_and_add(&user_lat_sum_ns, lat);
	if (lat > user_lat_max_ns)
		user_lat_max_ns = lat;
	__sync_fetch_and_add(&nr_user_dispatched, 1);

	preempt = d.enq_flags & SCX_ENQ_PREEMPT;
	d.enq_flags &= ~SCX_ENQ_PREEMPT;
	cpu = d.cpu;
	if (cpu != USER_CPU_ANY && !allowed(p, cpu)) {
		__sync_fetch_and_add(&nr_failed, 1);
		cpu = USER_CPU_ANY;
	}
	if (cpu == USER_CPU_ANY && preempt)
		cpu = preempt_target(p, dc->cpu, dc->took_cpu, tctx->sync_wake);
	else if (preempt && cpu != dc->cpu && spares(cpu, tctx->sync_wake)) {
		preempt = false; /* queue behind it: it keeps its tenth of a slice */
		__sync_fetch_and_add(&nr_spared, 1);
	} else if (preempt && cpu != dc->cpu && runs_urgent(cpu)) {
		preempt = false; /* queue behind it: it runs only briefly */
	}
	tctx->urgent = preempt;
	if (cpu == dc->cpu && !dc->took_cpu) {
		/* The draining CPU is free right now: nothing can start sooner than here. */
		scx_bpf_dsq_insert(p, scx_dsq_local_id, d.slice_ns, d.enq_flags);
		dc->took_cpu = true;
	} else if (cpu >= 0) {
		/* Straight to the head of that CPU, taking it from what runs there if asked. */
		scx_bpf_dsq_insert(p, SCX_DSQ_LOCAL_ON | cpu, d.slice_ns,
				   d.enq_flags | (preempt ? SCX_ENQ_PREEMPT : 0));
		scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	} else {
		scx_bpf_dsq_insert_vtime(p, SHARED_DSQ, d.slice_ns, d.vtime, d.enq_flags);
		kick_idle_cpu(p);
	}
	bpf_task_release(p);
	return --dc->left == 0;
}

struct scan_ctx {
	u64 now;
	u32 left;       /* overdue tasks this call may still dispatch */
};

/* One FIFO head entry: 0 to look at the next one, 1 to stop. */
static long scan_one(u64 index, void *data)
{
	struct scan_ctx *sc = data;
	struct task_struct *p;
	struct task_ctx *tctx;
	struct pending e;
	bool live;

	if (!sc->left || bpf_map_peek_elem(&waiting, &e))
		return 1;
	p = bpf_task_from_pid(e.pid);
	if (p) {
		tctx = ctx_of(p);
		live = tctx && tctx->state == TS_QUEUED && tctx->enq_seq == e.enq_seq;
		if (live && !scx_older_than(e.enq_ts, sc->now, fallback_ns)) {
			bpf_task_release(p);
			return 1; /* the oldest waiting task is within the bound */
		}
		if (live && claim(tctx, e.enq_seq)) {
			tctx->slice = fallback_slice_ns;
			scx_bpf_dsq_insert(p, FALLBACK_DSQ, fallback_slice_ns, 0);
			__sync_fetch_and_add(&nr_fallback, 1);
			sc->left--;
		}
		bpf_task_release(p);
	}
	bpf_map_pop_elem(&waiting, &e);
	return 0;
}

/* Pops answered entries off the FIFO and dispatches those that waited past the bound. */
static void dispatch_overdue(u64 now)
{
	struct scan_ctx sc = { .now = now, .left = max_fallback };

	/* One CPU at a time, so the head it peeked is the head it pops. */
	if (__sync_val_compare_and_swap(&scan_busy, 0, 1))
		return;
	bpf_loop(MAX_SCAN, scan_one, &sc, 0);
	scan_busy = 0;
}

/*
 * Nothing else waits for this CPU and @prev, whose slice ran out, can still run: it keeps
 * the CPU for another slice as long as the one it was last given (true). Left alone, the kernel
 * would refill the slice with its default (20 ms), and a task waking a moment later would
 * wait out that whole refill, however short the policy's slices are.
 */
static bool keep_prev(struct task_struct *prev)
{
	struct task_ctx *tctx;
	u64 slice = direct_slice_ns;

	if (!prev || !(prev->scx.flags & bpf_core_enum_value(enum scx_ent_flags, SCX_TASK_QUEUED)))
		return false;
	if (!is_direct(prev)) {
		tctx = ctx_of(prev);
		slice = tctx && tctx->slice ? tctx->slice : fallback_slice_ns;
	}
	scx_task_set_slice(prev, slice);
	__sync_fetch_and_add(&nr_kept, 1);
	return true;
}

void BPF_STRUCT_OPS(us_dispatch, s32 cpu, struct task_struct *prev)
{
	struct drain_ctx dc = { .cpu = cpu, .left = max_drain };

	bpf_user_ringbuf_drain(&dispatched, apply_decision, &dc, 0);
	dispatch_overdue(bpf_ktime_get_ns());
	if (dc.took_cpu)
		return;
	/* Then the JVM (it decides), then overdue tasks (they have waited longest). */
	if (scx_bpf_dsq_move_to_local(JVM_DSQ, 0) || scx_bpf_dsq_move_to_local(FALLBACK_DSQ, 0) ||
	    scx_bpf_dsq_move_to_local(SHARED_DSQ, 0))
		return;
	if (!keep_prev(prev))
		hurry_loop(cpu); /* this CPU goes idle, while tasks may wait for Java */
}

void BPF_STRUCT_OPS(us_runnable, struct task_struct *p, u64 enq_flags)
{
	struct task_ctx *tctx = ctx_of(p);

	if (tctx && (enq_flags & SCX_ENQ_WAKEUP))
		tctx->burst = 0;
}

void BPF_STRUCT_OPS(us_running, struct task_struct *p)
{
	struct task_ctx *tctx = ctx_of(p);
	u64 now = bpf_ktime_get_ns();
	s32 cpu = bpf_get_smp_processor_id();

	/*
	 * The decision loop went to sleep here with answers in the ring while @p already
	 * waited on this CPU's local DSQ: @p would run its whole slice without this CPU
	 * entering dispatch, so nothing would apply the answers. Unless @p is urgent itself
	 * (it runs briefly), it gives the CPU back at once.
	 */
	if (is_loop(p))
		loop_waits_on = 0;
	if (set_drain_wanted(cpu, false) && nr_submitted != nr_drained && !is_direct(p) &&
	    !is_urgent(p))
		scx_bpf_kick_cpu(cpu, SCX_KICK_PREEMPT);

	if (!tctx)
		return;
	tctx->sync_wake = 0; /* that wake-up is over */
	tctx->start_ts = now;
	if (vtime_before(vtime_now, tctx->vruntime))
		vtime_now = tctx->vruntime;
	if (tctx->dispatch_ts) {
		__sync_fetch_and_add(&run_lat_sum_ns, now - tctx->dispatch_ts);
		__sync_fetch_and_add(&nr_run_lat, 1);
		tctx->dispatch_ts = 0;
	}
}

void BPF_STRUCT_OPS(us_stopping, struct task_struct *p, bool runnable)
{
	struct task_ctx *tctx = ctx_of(p);
	u64 now = bpf_ktime_get_ns(), used;
	u32 weight = p->scx.weight ?: 100;

	/* See us_running: what runs next here may have to give the CPU back. */
	if (!runnable && is_loop(p) && scx_bpf_dsq_nr_queued(SCX_DSQ_LOCAL))
		set_drain_wanted(bpf_get_smp_processor_id(), true);

	if (!tctx || !tctx->start_ts)
		return;
	tctx->urgent = 0;
	used = now - tctx->start_ts;
	tctx->stop_ts = now;
	tctx->exec_runtime += used;
	tctx->burst += used;
	tctx->vruntime += used * 100 / weight;
}

void BPF_STRUCT_OPS(us_quiescent, struct task_struct *p, u64 deq_flags)
{
	struct task_ctx *tctx = ctx_of(p);

	/* Going to sleep: fold this burst into the average the policy sees. */
	if (tctx && (deq_flags & SCX_DEQ_SLEEP))
		tctx->avg_burst = (tctx->avg_burst * 3 + tctx->burst) / 4;
}

void BPF_STRUCT_OPS(us_enable, struct task_struct *p)
{
	struct task_ctx *tctx = ctx_of(p);

	if (tctx)
		tctx->vruntime = vtime_now;
}

void BPF_STRUCT_OPS(us_exit_task, struct task_struct *p, struct scx_exit_task_args *args)
{
	struct task_ctx *tctx = ctx_of(p);

	if (tctx)
		set_grant(tctx, 0);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(us_init_task, struct task_struct *p, struct scx_init_task_args *args)
{
	if (!bpf_task_storage_get(&task_ctxs, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE))
		return -12; /* -ENOMEM */
	return 0;
}

static long kick_idle(u64 cpu, void *data)
{
	scx_bpf_kick_cpu(cpu, SCX_KICK_IDLE);
	return 0;
}

static int watch(void *map, int *key, struct bpf_timer *timer)
{
	struct pending e;
	bool work = nr_submitted != nr_drained;
	u32 nr_cpus = scx_bpf_nr_cpu_ids();

	shared_depth = scx_bpf_dsq_nr_queued(SHARED_DSQ);
	if (!work && !bpf_map_peek_elem(&waiting, &e))
		work = scx_older_than(e.enq_ts, bpf_ktime_get_ns(), fallback_ns);
	if (work) {
		/* Idle CPUs only enter dispatch when something wakes them. */
		__sync_fetch_and_add(&nr_timer_kicks, 1);
		bpf_loop(nr_cpus < MAX_CPUS ? nr_cpus : MAX_CPUS, kick_idle, NULL, 0);
	}
	bpf_timer_start(timer, TIMER_NS, 0);
	return 0;
}

s32 BPF_STRUCT_OPS_SLEEPABLE(us_init)
{
	struct timer_slot *slot;
	u32 key = 0;
	int err;

	err = scx_bpf_create_dsq(SHARED_DSQ, -1);
	if (!err)
		err = scx_bpf_create_dsq(FALLBACK_DSQ, -1);
	if (!err)
		err = scx_bpf_create_dsq(JVM_DSQ, -1);
	if (err)
		return err;
	slot = bpf_map_lookup_elem(&watch_timer, &key);
	if (!slot)
		return -2; /* -ENOENT */
	bpf_timer_init(&slot->timer, &watch_timer, 1 /* CLOCK_MONOTONIC */);
	bpf_timer_set_callback(&slot->timer, watch);
	return bpf_timer_start(&slot->timer, TIMER_NS, 0);
}

void BPF_STRUCT_OPS(us_exit, struct scx_exit_info *ei)
{
	scx_record_exit(ei);
}

/*
 * Warm-up, run by Java after load and before attach: warm_fill puts synthetic task
 * records into the ring and warm_drain throws Java's answers away, so the JVM compiles
 * its decision path on the very code and types it will run, before any real task
 * waits on it. Nothing here touches a real task or a counter.
 */
static long warm_one(u64 i, void *data)
{
	struct user_task *rec = bpf_ringbuf_reserve(&queued, sizeof(*rec), 0);

	if (!rec)
		return 1;
	__builtin_memset(rec, 0, sizeof(*rec));
	rec->pid = -1 - (s32)i;           /* no real task has a negative pid */
	rec->cpu = i & 1;
	rec->nr_cpus_allowed = 2;
	rec->flags = (i & 1) ? USER_TASK_WAKEUP | (i & 2 ? USER_TASK_RAN : 0) : 0;
	rec->enq_seq = i;
	rec->burst_ns = (i * 7919) % 20000000;
	rec->weight = (i % 3) ? 100 : 1024;
	rec->vtime = i * 100000;
	bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("syscall")
int warm_fill(u32 *n)
{
	return bpf_loop(*n, warm_one, NULL, 0);
}

static long discard(struct bpf_dynptr *dynptr, void *data)
{
	return 0;
}

SEC("syscall")
int warm_drain(void *ctx)
{
	return bpf_user_ringbuf_drain(&dispatched, discard, NULL, 0);
}

SEC(".struct_ops.link")
struct sched_ext_ops user_sched_ops = {
	.select_cpu = (void *)us_select_cpu,
	.enqueue = (void *)us_enqueue,
	.dequeue = (void *)us_dequeue,
	.dispatch = (void *)us_dispatch,
	.runnable = (void *)us_runnable,
	.running = (void *)us_running,
	.stopping = (void *)us_stopping,
	.quiescent = (void *)us_quiescent,
	.enable = (void *)us_enable,
	.init_task = (void *)us_init_task,
	.exit_task = (void *)us_exit_task,
	.init = (void *)us_init,
	.exit = (void *)us_exit,
	.dispatch_max_batch = 64,
	.name = "javaland",
};
