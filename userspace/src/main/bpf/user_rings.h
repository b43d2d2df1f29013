/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two rings between the BPF side of a Java-policy scheduler and the JVM, defined
 * once for user_sched.bpf.c and for the host test fixture that stands in for it:
 * queued carries struct user_task to Java, dispatched carries struct user_dispatch back.
 */
#ifndef __USER_RINGS_H
#define __USER_RINGS_H

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} queued SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 1 << 20);
} dispatched SEC(".maps");

#endif /* __USER_RINGS_H */
