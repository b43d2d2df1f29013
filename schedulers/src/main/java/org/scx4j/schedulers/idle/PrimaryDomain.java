package org.scx4j.schedulers.idle;

import org.scx4j.core.topology.CpuMask;

/**
 * Upstream's {@code -m} / {@code --primary-domain}: the CPUs to use first, as a CPU list
 * ({@code 0-3,8}) or a keyword: {@code all}, {@code performance} (the fastest CPUs),
 * {@code powersave} (the slowest) or {@code turbo} (the CPUs with the highest frequency;
 * here, as capacity comes from the highest frequency where sysfs has no capacities, the
 * same as {@code performance}).
 */
public final class PrimaryDomain {
    private PrimaryDomain() {}

    /** The CPUs {@code spec} names on {@code machine}; an IllegalArgumentException says what is wrong. */
    public static CpuMask parse(String spec, IdleTopology machine) {
        CpuMask online = machine.topology().online();
        int[] cap = machine.capacity();
        switch (spec.strip()) {
            case "all":
                return machine.topology().possible();
            case "performance", "turbo": {
                int best = online.stream().map(c -> cap[c]).max().orElse(0);
                return CpuMask.of(online.stream().filter(c -> cap[c] == best).toArray());
            }
            case "powersave": {
                int least = online.stream().map(c -> cap[c]).min().orElse(0);
                return CpuMask.of(online.stream().filter(c -> cap[c] == least).toArray());
            }
            default:
                break;
        }
        if (!spec.matches("[0-9,\\- ]+"))
            throw new IllegalArgumentException("-m takes a CPU list (0-3,8) or all, performance, powersave or turbo; got '" + spec + "'");
        CpuMask cpus;
        try {
            cpus = CpuMask.parseList(spec.replace(" ", ""));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("-m: " + e.getMessage());
        }
        if (cpus.isEmpty()) throw new IllegalArgumentException("-m names no CPU");
        CpuMask unknown = cpus.andNot(machine.topology().possible());
        if (!unknown.isEmpty())
            throw new IllegalArgumentException("-m names CPUs " + unknown.toList() + ", but this machine has CPUs "
                    + machine.topology().possible().toList());
        return cpus;
    }
}
