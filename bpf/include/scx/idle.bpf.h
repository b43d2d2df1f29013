/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Topology-aware idle CPU selection, shared by the deadline schedulers
 * (scx_cosmos, scx_bpfland, scx_flash). Include it after common.bpf.h.
 *
 * The machine's shape comes from Java (org.scx4j.schedulers.idle.IdleTopology,
 * from core.topology) through the .rodata below: each CPU's LLC, NUMA node,
 * SMT sibling and rank by capacity, and the primary domain (-m) as a bitmap.
 * scx_idle_init() turns the ids into one bpf_cpumask per LLC and per node.
 *
 * A waking task looks for an idle CPU in widening circles: its previous CPU,
 * then its previous CPU's LLC, then its node, then anywhere; each circle first
 * for a fully idle SMT core (no busy sibling to share the core with), then for
 * any idle CPU; and all of that inside the primary domain before outside it.
 * With idle_flat_scan or idle_preferred_scan a plain walk over the CPUs
 * (rotating, or by capacity, highest first) replaces the cpumask circles.
 */
#pragma once

#define SCX_IDLE_MAX_CPUS 1024
#ifndef EBUSY
#define EBUSY 16
#endif
#ifndef EEXIST
#define EEXIST 17
#endif

/* An index the verifier can see is inside the arrays below (valid ids are below SCX_IDLE_MAX_CPUS). */
#define SCX_IDLE_IDX(i) scx_idle_idx(i)

/* The mask in asm so that the compiler, which knows it changes nothing after a range check, keeps it. */
static __always_inline u32 scx_idle_idx(s32 i)
{
	u32 idx = i;

	asm volatile("%0 &= %1" : "+r"(idx) : "i"(SCX_IDLE_MAX_CPUS - 1));
	return idx;
}

const volatile u32 idle_nr_cpus = 1;		/* nr_cpu_ids */
const volatile bool idle_smt;			/* SMT present and used */
const volatile bool idle_numa;			/* more than one node and NUMA not disabled */
const volatile bool idle_primary_all = true;	/* no -m, or -m covering every CPU */
const volatile bool idle_flat_scan;		/* walk CPUs round-robin instead of the circles */
const volatile bool idle_preferred_scan;	/* walk CPUs in idle_cpu_order (by capacity) */
const volatile u32 idle_cpu_llc[SCX_IDLE_MAX_CPUS];
const volatile u32 idle_cpu_node[SCX_IDLE_MAX_CPUS];
const volatile s32 idle_cpu_sibling[SCX_IDLE_MAX_CPUS];	/* another CPU of the same core, or itself */
const volatile u32 idle_cpu_order[SCX_IDLE_MAX_CPUS];	/* CPU ids, highest capacity first */
const volatile u32 idle_cpu_capacity[SCX_IDLE_MAX_CPUS];	/* 1024 = the fastest CPU */
const volatile u64 idle_primary[SCX_IDLE_MAX_CPUS / 64];	/* the primary domain as a bitmap */

struct scx_idle_dom {
	struct bpf_cpumask __kptr *mask;
};

/* CPUs of each LLC and of each node, indexed by id (ids are below the number of CPUs). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SCX_IDLE_MAX_CPUS);
	__type(key, u32);
	__type(value, struct scx_idle_dom);
} scx_idle_llcs SEC(".maps"), scx_idle_nodes SEC(".maps");

scx_private(SCX_IDLE) struct bpf_cpumask __kptr *scx_idle_primary;

/* Two scratch masks per task: its allowed CPUs within a domain, and those within a circle. */
struct scx_idle_task {
	struct bpf_cpumask __kptr *allowed;
	struct bpf_cpumask __kptr *circle;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct scx_idle_task);
} scx_idle_tasks SEC(".maps");

static __always_inline bool scx_idle_cpu_valid(s32 cpu)
{
	return cpu >= 0 && cpu < idle_nr_cpus && cpu < SCX_IDLE_MAX_CPUS;
}

static __always_inline u32 scx_idle_node(s32 cpu)
{
	return idle_numa && scx_idle_cpu_valid(cpu) ? idle_cpu_node[SCX_IDLE_IDX(cpu)] : 0;
}

static __always_inline bool scx_idle_in_primary(s32 cpu)
{
	if (idle_primary_all)
		return true;
	if (!scx_idle_cpu_valid(cpu))
		return false;
	return idle_primary[SCX_IDLE_IDX(cpu) / 64] & (1ULL << (cpu % 64));
}

/* Whether cpu runs beside a busy sibling while some core is fully idle: it would do better there. */
static __attribute__((unused)) bool scx_idle_smt_contended(s32 cpu)
{
	const struct cpumask *idle, *idle_cores;
	bool contended;

	if (!idle_smt || !scx_idle_cpu_valid(cpu))
		return false;
	idle = scx_bpf_get_idle_cpumask();
	idle_cores = scx_bpf_get_idle_smtmask();
	contended = !bpf_cpumask_test_cpu(idle_cpu_sibling[SCX_IDLE_IDX(cpu)], idle) && !bpf_cpumask_empty(idle_cores);
	scx_bpf_put_idle_cpumask(idle_cores);
	scx_bpf_put_idle_cpumask(idle);
	return contended;
}

static int scx_idle_add_to(void *doms, u32 id, s32 cpu)
{
	struct scx_idle_dom *dom = bpf_map_lookup_elem(doms, &id);
	struct bpf_cpumask *mask;

	if (!dom)
		return -EINVAL;
	if (!dom->mask && !scx_cpumask_init(&dom->mask))
		return -ENOMEM;
	bpf_rcu_read_lock();
	mask = dom->mask;
	if (mask)
		bpf_cpumask_set_cpu(cpu, mask);
	bpf_rcu_read_unlock();
	return 0;
}

/* Creates DSQ id unless it exists: a DSQ per node or LLC is asked for once per CPU. */
static int scx_idle_create_dsq(u64 id)
{
	int err = scx_bpf_create_dsq(id, -1);

	if (err && err != -EEXIST)
		scx_bpf_error("cannot create DSQ %llu: %d", id, err);
	return err == -EEXIST ? 0 : err;
}

/* From ops.init: the LLC, node and primary masks out of the ids in .rodata. */
static int scx_idle_init(void)
{
	struct bpf_cpumask *primary;
	s32 cpu;
	int err;

	if (!scx_cpumask_init(&scx_idle_primary))
		return -ENOMEM;
	bpf_for(cpu, 0, idle_nr_cpus) {
		if (cpu >= SCX_IDLE_MAX_CPUS)
			break;
		if ((err = scx_idle_add_to(&scx_idle_llcs, idle_cpu_llc[SCX_IDLE_IDX(cpu)], cpu)) ||
		    (err = scx_idle_add_to(&scx_idle_nodes, idle_cpu_node[SCX_IDLE_IDX(cpu)], cpu)))
			return err;
		if (!scx_idle_in_primary(cpu))
			continue;
		bpf_rcu_read_lock();
		primary = scx_idle_primary;
		if (primary)
			bpf_cpumask_set_cpu(cpu, primary);
		bpf_rcu_read_unlock();
	}
	return 0;
}

/* From ops.init_task. */
static int scx_idle_init_task(struct task_struct *p)
{
	struct scx_idle_task *t = bpf_task_storage_get(&scx_idle_tasks, p, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (!t || !scx_cpumask_init(&t->allowed) || !scx_cpumask_init(&t->circle))
		return -ENOMEM;
	return 0;
}

/* The CPUs of cpu's LLC (level 0) or node (level 1), or NULL. */
static const struct cpumask *scx_idle_circle(s32 cpu, int level)
{
	struct scx_idle_dom *dom;
	u32 id;

	if (!scx_idle_cpu_valid(cpu))
		return NULL;
	id = level ? idle_cpu_node[SCX_IDLE_IDX(cpu)] : idle_cpu_llc[SCX_IDLE_IDX(cpu)];
	dom = bpf_map_lookup_elem(level ? (void *)&scx_idle_nodes : (void *)&scx_idle_llcs, &id);
	return dom ? cast_mask(dom->mask) : NULL;
}

/* Whether cpu was idle (with its whole core, if whole_core); claimed if so. */
static bool scx_idle_claim(s32 cpu, bool whole_core)
{
	if (whole_core) {
		const struct cpumask *idle_cores = scx_bpf_get_idle_smtmask();
		bool whole = bpf_cpumask_test_cpu(cpu, idle_cores);

		scx_bpf_put_idle_cpumask(idle_cores);
		if (!whole)
			return false;
	}
	return scx_bpf_test_and_clear_cpu_idle(cpu);
}

/* An idle CPU (a fully idle core's with SCX_PICK_IDLE_CORE) among allowed, nearest prev first; claimed. */
static s32 scx_idle_pick_near(s32 prev, struct bpf_cpumask *allowed, struct bpf_cpumask *circle, u64 flags)
{
	const struct cpumask *around;
	s32 cpu;
	int level;

	if (bpf_cpumask_test_cpu(prev, cast_mask(allowed)) && scx_idle_claim(prev, flags & SCX_PICK_IDLE_CORE))
		return prev;
	for (level = 0; level < 2; level++) {
		if (level == 1 && !idle_numa)
			break;
		around = scx_idle_circle(prev, level);
		if (!around)
			continue;
		bpf_cpumask_and(circle, cast_mask(allowed), around);
		cpu = scx_bpf_pick_idle_cpu(cast_mask(circle), flags);
		if (cpu >= 0)
			return cpu;
	}
	return scx_bpf_pick_idle_cpu(cast_mask(allowed), flags);
}

/* The plain walk (-i / -P): the first claimable CPU in order, in the primary domain if asked, whole cores if asked. */
static s32 scx_idle_pick_walk(struct task_struct *p, bool primary_only, bool whole_core)
{
	static u32 next_start;
	const struct cpumask *idle_cores = whole_core ? scx_bpf_get_idle_smtmask() : NULL;
	u32 start = next_start, i;
	s32 found = -EBUSY;

	bpf_for(i, 0, idle_nr_cpus) {
		s32 cpu;

		if (i >= SCX_IDLE_MAX_CPUS)
			break;
		cpu = idle_preferred_scan ? idle_cpu_order[SCX_IDLE_IDX(i)] : (start + i) % idle_nr_cpus;
		if (!bpf_cpumask_test_cpu(cpu, p->cpus_ptr) || (primary_only && !scx_idle_in_primary(cpu)) ||
		    (idle_cores && !bpf_cpumask_test_cpu(cpu, idle_cores)))
			continue;
		if (scx_bpf_test_and_clear_cpu_idle(cpu)) {
			next_start = cpu + 1;
			found = cpu;
			break;
		}
	}
	if (idle_cores)
		scx_bpf_put_idle_cpumask(idle_cores);
	return found;
}

/* An idle CPU of within that p may use, claimed, or -EBUSY. Under bpf_rcu_read_lock(). */
static __always_inline s32 scx_idle_pick_within(struct task_struct *p, const struct cpumask *within)
{
	struct scx_idle_task *t = bpf_task_storage_get(&scx_idle_tasks, p, 0, 0);
	struct bpf_cpumask *allowed = t ? t->allowed : NULL;

	if (!allowed || !within)
		return -EBUSY;
	bpf_cpumask_and(allowed, p->cpus_ptr, within);
	return scx_bpf_pick_idle_cpu(cast_mask(allowed), 0);
}

/* An idle CPU of the primary domain that p may use, claimed, or -EBUSY. */
static __attribute__((unused)) s32 scx_idle_pick_primary(struct task_struct *p)
{
	s32 cpu;

	bpf_rcu_read_lock();
	cpu = scx_idle_pick_within(p, cast_mask(scx_idle_primary));
	bpf_rcu_read_unlock();
	return cpu;
}

/*
 * An idle CPU for p, claimed (its idle bit cleared), or -EBUSY: primary domain
 * before the rest, a fully idle core before a busy core's idle sibling, and
 * near prev_cpu before far. From ops.select_cpu or ops.enqueue (see scx_task_pinned).
 */
static __attribute__((unused)) s32 scx_pick_idle_cpu(struct task_struct *p, s32 prev_cpu)
{
	struct bpf_cpumask *allowed, *circle;
	const struct cpumask *primary;
	struct scx_idle_task *t;
	s32 cpu = -EBUSY;
	int pass;

	if (scx_task_pinned(p))
		return scx_bpf_test_and_clear_cpu_idle(prev_cpu) ? prev_cpu : -EBUSY;

	if (idle_flat_scan || idle_preferred_scan) {
		/* Pass 0: primary and whole cores; 1: primary; 2: whole cores; 3: anything. */
		for (pass = 0; pass < 4 && cpu < 0; pass++) {
			bool primary_only = pass < 2, whole = !(pass & 1);

			if ((primary_only && idle_primary_all) || (whole && !idle_smt))
				continue;
			cpu = scx_idle_pick_walk(p, primary_only, whole);
		}
		return cpu;
	}

	t = bpf_task_storage_get(&scx_idle_tasks, p, 0, 0);
	if (!t)
		return -EBUSY;
	bpf_rcu_read_lock();
	allowed = t->allowed;
	circle = t->circle;
	primary = cast_mask(scx_idle_primary);
	if (!allowed || !circle || !primary)
		goto out;
	if (!idle_primary_all) {
		bpf_cpumask_and(allowed, p->cpus_ptr, primary);
		if (idle_smt && (cpu = scx_idle_pick_near(prev_cpu, allowed, circle, SCX_PICK_IDLE_CORE)) >= 0)
			goto out;
		if ((cpu = scx_idle_pick_near(prev_cpu, allowed, circle, 0)) >= 0)
			goto out;
	}
	bpf_cpumask_copy(allowed, p->cpus_ptr);
	if (idle_smt && (cpu = scx_idle_pick_near(prev_cpu, allowed, circle, SCX_PICK_IDLE_CORE)) >= 0)
		goto out;
	cpu = scx_idle_pick_near(prev_cpu, allowed, circle, 0);
out:
	bpf_rcu_read_unlock();
	return cpu;
}
