/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BPF-allocated objects and red-black trees (the "graph" kfuncs), for
 * schedulers that order something other than tasks, e.g. cgroups by virtual
 * time. The *_impl forms exist on every kernel from 6.12 to 7.3; the macros
 * give them their usual names. A tree and the spin lock guarding it must sit
 * in the same map, hence scx_private(), which gives them a section of their own.
 * Include through common.bpf.h.
 */
#pragma once

void *bpf_obj_new_impl(u64 local_type_id__k, void *meta__ign) __ksym __weak;
void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym __weak;
int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node,
			bool (less)(struct bpf_rb_node *a, const struct bpf_rb_node *b),
			void *meta__ign, u64 off) __ksym __weak;
struct bpf_rb_node *bpf_rbtree_first(struct bpf_rb_root *root) __ksym __weak;
struct bpf_rb_node *bpf_rbtree_remove(struct bpf_rb_root *root, struct bpf_rb_node *node) __ksym __weak;

#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(obj) bpf_obj_drop_impl(obj, NULL)
#define bpf_rbtree_add(root, node, less) bpf_rbtree_add_impl(root, node, less, NULL, 0)

/* Declares what a bpf_rb_root or bpf_list_head holds: the node type and its member. */
#define __contains(type, member) __attribute__((btf_decl_tag("contains:" #type ":" #member)))

/* Globals in a data section of their own (one map), e.g. a tree with its lock. */
#define scx_private(name) SEC(".data." #name) __hidden __attribute__((aligned(8)))
