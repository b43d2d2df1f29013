/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Records exchanged between the BPF side of a Java-policy scheduler and the JVM.
 *
 * Every record is a multiple of 8 bytes and every u64 sits at an 8-byte offset, so the
 * ring buffers (which start each record 8-byte aligned) hand Java records it can read
 * in place with aligned layouts. The Java mirrors are TaskRecord and DispatchRecord;
 * RecordLayoutTest checks both against the object's BTF.
 */
#ifndef __USER_SCHED_H
#define __USER_SCHED_H

/* user_task.flags */
#define USER_TASK_WAKEUP   1u /* enqueued because it woke up (it slept voluntarily) */
#define USER_TASK_IDLE_CPU 2u /* user_task.cpu was idle when the task was placed there */
#define USER_TASK_RAN      4u /* not waiting: BPF ran it as it woke, on a wake grant */

/* user_dispatch.cpu: any CPU the task may run on */
#define USER_CPU_ANY (-1)
/* user_dispatch.cpu: dispatch nothing, only set the wake grant of the task (which runs) */
#define USER_CPU_NONE (-2)

/* BPF -> Java, one per task waiting for a decision or run on a wake grant (96 bytes). */
struct user_task {
	s32 pid;
	s32 cpu;             /* CPU whose run queue holds the task */
	u32 nr_cpus_allowed;
	u32 flags;           /* USER_TASK_* */
	u64 enq_seq;         /* this enqueue's number; a dispatch must echo it */
	u64 enq_ts;          /* when it was enqueued (CLOCK_MONOTONIC ns) */
	u64 start_ts;        /* when it last started running */
	u64 stop_ts;         /* when it last stopped running */
	u64 exec_runtime;    /* total CPU time, ns */
	u64 burst_ns;        /* average CPU time per wake-up, ns */
	u64 weight;          /* 1..10000, 100 for nice 0 */
	u64 vtime;           /* weighted virtual runtime, sleeper credit bounded */
	char comm[16];
};

/* Java -> BPF, one per decision (48 bytes). */
struct user_dispatch {
	s32 pid;
	s32 cpu;             /* a CPU, USER_CPU_ANY or USER_CPU_NONE */
	u64 enq_flags;       /* extra SCX_ENQ_* flags */
	u64 slice_ns;
	u64 vtime;           /* order in the shared queue (smaller runs first) */
	u64 enq_seq;         /* user_task.enq_seq of the enqueue this answers */
	u64 wake_slice_ns;   /* a wake grant: nonzero, the task's wake-ups preempt a CPU hog at
	                        once and run this long, without waiting for Java, until an
	                        answer replaces it (see run_on_grant) */
};

#endif /* __USER_SCHED_H */
