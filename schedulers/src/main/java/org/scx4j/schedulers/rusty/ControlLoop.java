package org.scx4j.schedulers.rusty;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.scx4j.bpf.GlobalData;

/**
 * scx_rusty's Java side while it runs, on one thread: the {@link Tuner} every {@code -I}, and
 * every {@code -i} the loads of the tasks and domains ({@link TaskLoads}) and, unless
 * {@code --no-load-balance}, the {@link LoadBalancer}'s moves written into {@code lb_moves[]}.
 * What the last balancing run saw is published as one {@link Report} for the stats.
 */
final class ControlLoop {
    /**
     * What one balancing run saw and did: loads before it, imbalances, the load each domain and node gained;
     * and the tasks moved into each domain since the start.
     */
    record Report(double[] domLoad, double[] domImbal, double[] domDelta, double[] nodeLoad, double[] nodeImbal,
            double[] nodeDelta, long[] domMigrations) {}

    private final GlobalData bss;
    private final Tuner tuner;
    private final TaskLoads loads;
    private final LoadBalancer balancer;
    private final long tuneNs, balanceNs, halfLifeNs;
    private final boolean balance, skipKworkers;
    private final MemorySegment rows, moves;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long[] domMigrations;
    private volatile Report report;
    private volatile long migrations, cpuTimeNs;

    ControlLoop(GlobalData bss, Tuner tuner, Domains domains, int maxRows, long tuneNs, long balanceNs, long halfLifeNs,
            boolean balance, boolean skipKworkers) {
        this.bss = bss;
        this.tuner = tuner;
        this.loads = new TaskLoads(maxRows);
        this.balancer = new LoadBalancer(domains.node(), maxRows);
        this.tuneNs = tuneNs;
        this.balanceNs = balanceNs;
        this.halfLifeNs = halfLifeNs;
        this.balance = balance;
        this.skipKworkers = skipKworkers;
        this.rows = bss.segment("lb_tasks");
        this.moves = bss.segment("lb_moves");
        this.domMigrations = new long[domains.size()];
        this.report = new Report(new double[domains.size()], new double[domains.size()], new double[domains.size()],
                new double[balancer.nrNodes()], new double[balancer.nrNodes()], new double[balancer.nrNodes()],
                new long[domains.size()]);
    }

    /** Runs until interrupted. */
    void run() {
        long nextBalance = System.nanoTime() + balanceNs;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(tuneNs / 1_000_000, (int) (tuneNs % 1_000_000));
                long cpuBefore = threads.getCurrentThreadCpuTime();
                tuner.step(bss);
                long now = System.nanoTime();
                if (now - nextBalance >= 0) {
                    balanceOnce(now);
                    nextBalance = now + balanceNs;
                }
                cpuTimeNs += threads.getCurrentThreadCpuTime() - cpuBefore;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void balanceOnce(long now) {
        loads.update(rows, bss.getInt("lb_nr_rows"), now, halfLifeNs);
        int n = balancer.balance(loads.table, skipKworkers);
        if (balance) {
            for (int k = 0; k < n; k++) {
                int i = balancer.movedTask(k);
                moves.setAtIndex(ValueLayout.JAVA_LONG, loads.row[i], loads.move(i, balancer.movedTo(k)));
                domMigrations[balancer.movedTo(k)]++;
            }
            migrations += n;
        }
        int doms = balancer.nrDomains(), nodes = balancer.nrNodes();
        double[] domLoad = new double[doms], domImbal = new double[doms], domDelta = new double[doms];
        double[] nodeLoad = new double[nodes], nodeImbal = new double[nodes], nodeDelta = new double[nodes];
        for (int d = 0; d < doms; d++) {
            domLoad[d] = balancer.domainLoad(d);
            domImbal[d] = balancer.imbalance(d);
            domDelta[d] = balance ? balancer.delta(d) : 0;
        }
        for (int x = 0; x < nodes; x++) {
            nodeLoad[x] = balancer.nodeLoad(x);
            nodeImbal[x] = balancer.nodeImbalance(x);
            nodeDelta[x] = balance ? balancer.nodeDelta(x) : 0;
        }
        report = new Report(domLoad, domImbal, domDelta, nodeLoad, nodeImbal, nodeDelta, domMigrations.clone());
    }

    Report report() {
        return report;
    }

    /** Tasks the balancer moved since the start. */
    long migrations() {
        return migrations;
    }

    /** CPU time this loop used since the start, in microseconds. */
    long timeUsedUs() {
        return cpuTimeNs / 1000;
    }

    double cpuBusy() {
        return tuner.cpuBusy();
    }
}
