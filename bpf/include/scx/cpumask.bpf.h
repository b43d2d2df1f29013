/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF-owned CPU masks (struct bpf_cpumask): created in BPF, held as __kptr
 * in a map value or a global, changed with the kfuncs below. These exist on
 * every kernel from 6.12 to 7.3 (bpf_cpumask_test_cpu is in kfuncs.bpf.h).
 * A global __kptr must not sit in an mmap'ed section: put it in
 * scx_private(NAME). Include through common.bpf.h.
 */
#pragma once

struct bpf_cpumask *bpf_cpumask_create(void) __ksym __weak;
void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym __weak;
void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym __weak;
void bpf_cpumask_clear_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym __weak;
void bpf_cpumask_clear(struct bpf_cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_and(struct bpf_cpumask *dst, const struct cpumask *src1, const struct cpumask *src2) __ksym __weak;
u32 bpf_cpumask_weight(const struct cpumask *cpumask) __ksym __weak;
u32 bpf_cpumask_first(const struct cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_empty(const struct cpumask *cpumask) __ksym __weak;
bool bpf_cpumask_intersects(const struct cpumask *src1, const struct cpumask *src2) __ksym __weak;
void bpf_cpumask_copy(struct bpf_cpumask *dst, const struct cpumask *src) __ksym __weak;

/* A bpf_cpumask is a cpumask to the kfuncs that only read one. */
static __always_inline const struct cpumask *cast_mask(struct bpf_cpumask *mask)
{
	return (const struct cpumask *)mask;
}

/* Stores a new empty mask in the __kptr *slot, releasing what was there; false when out of memory. */
#define scx_cpumask_init(slot)                                                   \
	({                                                                       \
		bool ___ok = false;                                              \
		struct bpf_cpumask *___m = bpf_cpumask_create();                 \
		if (___m) {                                                      \
			___ok = true;                                            \
			___m = bpf_kptr_xchg(slot, ___m);                        \
			if (___m)                                                \
				bpf_cpumask_release(___m);                       \
		}                                                                \
		___ok;                                                           \
	})
