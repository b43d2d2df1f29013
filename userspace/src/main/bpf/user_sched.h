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

/* user_dispatch.cpu: any CPU the task may run on */
#define USER_CPU_ANY (-1)

/* BPF -> Java, one per task waiting for a decision (96 bytes). */
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

/* Java -> BPF, one per decision (40 bytes). */
struct user_dispatch {
	s32 pid;
	s32 cpu;             /* a CPU, or USER_CPU_ANY */
	u64 enq_flags;       /* extra SCX_ENQ_* flags */
	u64 slice_ns;
	u64 vtime;           /* order in the shared queue (smaller runs first) */
	u64 enq_seq;         /* user_task.enq_seq of the enqueue this answers */
};

#endif /* __USER_SCHED_H */
