package org.scx4j.core.topology;

/**
 * A last-level cache domain: the online CPUs sharing one LLC (the level-3 cache, or the
 * highest level a CPU reports). LLCs are numbered densely from 0 in the order of their
 * lowest CPU so schedulers can index per-LLC arrays and queues with them.
 *
 * @param id         dense index, 0-based
 * @param cacheLevel the cache level this domain is built from; 0 when the kernel reports
 *                   no caches and the domain falls back to the CPU's package
 * @param cpus       the online CPUs sharing this cache
 */
public record Llc(int id, int cacheLevel, CpuMask cpus) {
}
