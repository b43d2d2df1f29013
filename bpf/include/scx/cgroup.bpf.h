/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Cgroups from BPF: the kfuncs that take and drop cgroup references, and
 * walks up a cgroup's ancestry to the per-cgroup data a scheduler keeps in a
 * BPF_MAP_TYPE_CGRP_STORAGE map. Stable since 6.12 (kfuncs from 6.2 on).
 * Include through common.bpf.h.
 */
#pragma once

struct cgroup *bpf_cgroup_ancestor(struct cgroup *cgrp, int level) __ksym __weak;
struct cgroup *bpf_cgroup_from_id(u64 cgid) __ksym __weak;
void bpf_cgroup_release(struct cgroup *cgrp) __ksym __weak;

/* The id userspace sees (the cgroup directory's inode number); the root is 1. */
static __always_inline u64 scx_cgroup_id(struct cgroup *cgrp)
{
	return cgrp->kn->id;
}

/*
 * The storage in cgrp_storage_map of cgrp's ancestor at level (0 is the root,
 * cgrp->level is cgrp itself), or NULL when the ancestor or its storage is
 * missing. Storage outlives the reference this drops, as long as the cgroup does.
 */
static __always_inline void *scx_cgroup_ancestor_storage(void *cgrp_storage_map, struct cgroup *cgrp, int level)
{
	struct cgroup *anc = bpf_cgroup_ancestor(cgrp, level);
	void *data;

	if (!anc)
		return NULL;
	data = bpf_cgrp_storage_get(cgrp_storage_map, anc, 0, 0);
	bpf_cgroup_release(anc);
	return data;
}
