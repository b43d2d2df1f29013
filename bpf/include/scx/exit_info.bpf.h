/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why the scheduler ended, kept where userspace can read it: ops.exit calls
 * scx_record_exit(ei), which copies the kernel's exit info into these .bss
 * globals. org.scx4j.core.ExitInfo reads them by name; scx_exit_kind is
 * written last, so a non-zero kind means the rest is complete.
 * Include through common.bpf.h.
 */
#pragma once

#define SCX_EXIT_REASON_BUF 128
#define SCX_EXIT_MSG_BUF 1024
/* The runtime sets ops.exit_dump_len to this size. */
#define SCX_EXIT_DUMP_BUF 32768

s64 scx_exit_kind; /* 64-bit: the default BPF CPU has no 32-bit atomics */
s64 scx_exit_code;
char scx_exit_reason[SCX_EXIT_REASON_BUF];
char scx_exit_msg[SCX_EXIT_MSG_BUF];
char scx_exit_dump[SCX_EXIT_DUMP_BUF];

static __always_inline void scx_record_exit(struct scx_exit_info *ei)
{
	bpf_probe_read_kernel_str(scx_exit_reason, sizeof(scx_exit_reason), ei->reason);
	bpf_probe_read_kernel_str(scx_exit_msg, sizeof(scx_exit_msg), ei->msg);
	bpf_probe_read_kernel_str(scx_exit_dump, sizeof(scx_exit_dump), ei->dump);
	scx_exit_code = ei->exit_code;
	__sync_val_compare_and_swap(&scx_exit_kind, 0, (s64)ei->kind);
}
