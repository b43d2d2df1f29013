package org.scx4j.schedulers.rusty;

import java.util.Arrays;

/**
 * Decides which tasks move between scheduling domains so that domain loads even out.
 *
 * <p>With several NUMA nodes, load is first balanced between nodes (a task goes from the
 * busiest domain of one to the idlest of the other), then between the domains of each
 * node. At each level the entity furthest above its fair share gives to the one furthest
 * below, one task at a time: the task whose load is closest to what the pair needs, and
 * only if the move leaves the pair less imbalanced than before, so a run never overshoots
 * into a worse state. Entities within a threshold of their share are left alone, which
 * keeps a balanced system still. Every array is allocated by the constructor: a run
 * allocates nothing.
 */
public final class LoadBalancer {
    /**
     * A domain needs balancing only when more than 10% away from its share. Loads are
     * decaying averages that wobble from run to run: without a margin, a balanced system
     * would trade tasks back and forth on that noise, each time losing a warm cache.
     */
    static final double DOMAIN_RATIO = 0.10;
    /** Crossing nodes also costs memory locality, so nodes tolerate twice the gap. */
    static final double NODE_RATIO = 0.20;
    /** Gaps under a tenth of one always-running nice-0 task are never worth a move: idle systems stay still. */
    static final double MIN_THRESHOLD = 10.0;
    /** At most this many tasks move from one domain to another in a run, so no run reshuffles everything. */
    static final int MAX_MOVES_PER_PAIR = 4;

    private final int nrDomains;
    private final int nrNodes;
    private final int[] domNode;
    /** The domains of node n are nodeDomains[nodeStart[n] .. nodeStart[n+1]). */
    private final int[] nodeDomains;
    private final int[] nodeStart;
    private final int[] allNodes;

    // Figures before the run, reported.
    private final double[] domLoad;
    private final double[] domImbalance;
    private final double[] nodeLoad;
    private final double[] nodeImbalance;

    // What the run works with: loads as its moves leave them, and the load each entity should have.
    private final double[] domNow;
    private final double[] domShare;
    private final double[] nodeNow;
    private final double[] nodeShare;

    // The run's scratch: tasks grouped by domain, entities sorted by imbalance, moves per domain pair.
    private final int[] byDomain;
    private final int[] domStart;
    private final boolean[] moved;
    private final int[] group;
    private final int[] pairMoves;
    private boolean skipKworkers;

    private final int[] movedTask;
    private final int[] movedTo;
    private int moves;

    /**
     * @param domNode  the NUMA node of each domain; nodes are numbered 0 .. k-1 and each has a domain
     * @param maxTasks the most tasks a {@link TaskTable} given to {@link #balance} may hold
     */
    public LoadBalancer(int[] domNode, int maxTasks) {
        nrDomains = domNode.length;
        if (nrDomains < 1 || nrDomains > 64)
            throw new IllegalArgumentException("1 to 64 domains, not " + nrDomains);
        this.domNode = domNode.clone();
        int nodes = 0;
        for (int node : domNode) {
            if (node < 0 || node >= nrDomains)
                throw new IllegalArgumentException("node " + node + " out of range");
            nodes = Math.max(nodes, node + 1);
        }
        nrNodes = nodes;

        nodeStart = new int[nrNodes + 1];
        for (int node : domNode) nodeStart[node + 1]++;
        for (int n = 0; n < nrNodes; n++) {
            if (nodeStart[n + 1] == 0) throw new IllegalArgumentException("node " + n + " has no domain");
            nodeStart[n + 1] += nodeStart[n];
        }
        nodeDomains = new int[nrDomains];
        int[] next = nodeStart.clone();
        for (int d = 0; d < nrDomains; d++) nodeDomains[next[domNode[d]]++] = d;
        allNodes = new int[nrNodes];
        for (int n = 0; n < nrNodes; n++) allNodes[n] = n;

        domLoad = new double[nrDomains];
        domImbalance = new double[nrDomains];
        domNow = new double[nrDomains];
        domShare = new double[nrDomains];
        nodeLoad = new double[nrNodes];
        nodeImbalance = new double[nrNodes];
        nodeNow = new double[nrNodes];
        nodeShare = new double[nrNodes];

        byDomain = new int[maxTasks];
        domStart = new int[nrDomains + 1];
        moved = new boolean[maxTasks];
        group = new int[nrDomains];
        pairMoves = new int[nrDomains * nrDomains];
        movedTask = new int[maxTasks];
        movedTo = new int[maxTasks];
    }

    /** One balancing run over tasks: decides which tasks move where; returns the number of moves. */
    public int balance(TaskTable tasks, boolean skipKworkers) {
        if (tasks.size > byDomain.length)
            throw new IllegalArgumentException(tasks.size + " tasks, at most " + byDomain.length);
        this.skipKworkers = skipKworkers;
        moves = 0;
        Arrays.fill(pairMoves, 0);
        measure(tasks);
        if (nrNodes > 1)
            balanceGroup(tasks, allNodes, 0, nrNodes, nodeNow, nodeShare, NODE_RATIO, true);
        for (int n = 0; n < nrNodes; n++) {
            // Shares within a node follow its load as the moves between nodes left it.
            double share = nodeNow[n] / domainsOf(n);
            for (int i = nodeStart[n]; i < nodeStart[n + 1]; i++) domShare[nodeDomains[i]] = share;
            balanceGroup(tasks, nodeDomains, nodeStart[n], nodeStart[n + 1], domNow, domShare, DOMAIN_RATIO, false);
        }
        return moves;
    }

    public int moves() {
        return moves;
    }

    /** The TaskTable row of the k-th move of the last run. */
    public int movedTask(int k) {
        return movedTask[k];
    }

    /** The domain the k-th move of the last run sends its task to. */
    public int movedTo(int k) {
        return movedTo[k];
    }

    /** Load of domain d before the last run. */
    public double domainLoad(int d) {
        return domLoad[d];
    }

    /** Load of domain d minus the average load of its node's domains, before the last run. */
    public double imbalance(int d) {
        return domImbalance[d];
    }

    /** Load the last run moved into domain d (negative: out of it). */
    public double delta(int d) {
        return domNow[d] - domLoad[d];
    }

    /** Load of node n before the last run. */
    public double nodeLoad(int n) {
        return nodeLoad[n];
    }

    /** Load of node n minus its fair share (by its number of domains) of the total, before the last run. */
    public double nodeImbalance(int n) {
        return nodeImbalance[n];
    }

    /** Load the last run moved into node n (negative: out of it). */
    public double nodeDelta(int n) {
        return nodeNow[n] - nodeLoad[n];
    }

    public int nrDomains() {
        return nrDomains;
    }

    public int nrNodes() {
        return nrNodes;
    }

    /** Sums the loads and groups the tasks by domain (a counting sort). */
    private void measure(TaskTable tasks) {
        Arrays.fill(domLoad, 0);
        Arrays.fill(domStart, 0);
        Arrays.fill(nodeLoad, 0);
        for (int t = 0; t < tasks.size; t++) {
            int d = tasks.dom[t];
            if (d < 0 || d >= nrDomains) throw new IllegalArgumentException("task " + t + " in domain " + d);
            domLoad[d] += tasks.load[t];
            domStart[d + 1]++;
            moved[t] = false;
        }
        for (int d = 0; d < nrDomains; d++) domStart[d + 1] += domStart[d];
        for (int t = 0; t < tasks.size; t++) byDomain[domStart[tasks.dom[t]]++] = t;
        for (int d = nrDomains; d > 0; d--) domStart[d] = domStart[d - 1]; // the fill advanced each start to the next
        domStart[0] = 0;

        double total = 0;
        for (int d = 0; d < nrDomains; d++) {
            nodeLoad[domNode[d]] += domLoad[d];
            total += domLoad[d];
        }
        for (int n = 0; n < nrNodes; n++) {
            nodeShare[n] = total * domainsOf(n) / nrDomains;
            nodeImbalance[n] = nodeLoad[n] - nodeShare[n];
        }
        for (int d = 0; d < nrDomains; d++)
            domImbalance[d] = domLoad[d] - nodeLoad[domNode[d]] / domainsOf(domNode[d]);
        System.arraycopy(domLoad, 0, domNow, 0, nrDomains);
        System.arraycopy(nodeLoad, 0, nodeNow, 0, nrNodes);
    }

    /**
     * Balances entities ids[from .. to) (nodes, or the domains of one node) whose loads are
     * now[] against share[]: moves one task at a time, each time between the pair furthest
     * off that can still make progress, until no pair can.
     */
    private void balanceGroup(TaskTable tasks, int[] ids, int from, int to,
                              double[] now, double[] share, double ratio, boolean nodes) {
        int size = to - from;
        System.arraycopy(ids, from, group, 0, size);
        do sortBySurplus(size, now, share);
        while (moveOne(tasks, size, now, share, ratio, nodes));
    }

    /** Moves one task from the largest pusher that can give to the largest puller that can take; false if none can. */
    private boolean moveOne(TaskTable tasks, int size, double[] now, double[] share, double ratio, boolean nodes) {
        for (int i = 0; i < size; i++) {
            int pusher = group[i];
            double surplus = now[pusher] - share[pusher];
            if (surplus <= threshold(share[pusher], ratio)) return false; // sorted: no pusher further on
            for (int j = size - 1; j > i; j--) {
                int puller = group[j];
                double deficit = share[puller] - now[puller];
                if (deficit <= threshold(share[puller], ratio)) break; // sorted: no puller further on
                if (nodes ? moveBetweenNodes(tasks, pusher, puller, surplus, deficit)
                          : moveBetweenDomains(tasks, pusher, puller, surplus, deficit))
                    return true;
            }
        }
        return false;
    }

    /** Moves a task from the busiest domain of one node to the idlest of the other, among the domain pairs that still can. */
    private boolean moveBetweenNodes(TaskTable tasks, int pusher, int puller, double surplus, double deficit) {
        while (true) {
            int from = -1, to = -1;
            double widest = Double.NEGATIVE_INFINITY;
            for (int i = nodeStart[pusher]; i < nodeStart[pusher + 1]; i++)
                for (int j = nodeStart[puller]; j < nodeStart[puller + 1]; j++) {
                    int f = nodeDomains[i], t = nodeDomains[j];
                    if (pairMoves[f * nrDomains + t] < MAX_MOVES_PER_PAIR && domNow[f] - domNow[t] > widest) {
                        from = f;
                        to = t;
                        widest = domNow[f] - domNow[t];
                    }
                }
            if (from < 0) return false;
            if (moveBetweenDomains(tasks, from, to, surplus, deficit)) return true;
        }
    }

    /** Moves a task from one domain to another; once nothing fits, or after a few moves, the pair is done for the run. */
    private boolean moveBetweenDomains(TaskTable tasks, int from, int to, double surplus, double deficit) {
        int pair = from * nrDomains + to;
        if (pairMoves[pair] == MAX_MOVES_PER_PAIR) return false;
        int task = bestTask(tasks, from, to, surplus, deficit);
        if (task < 0) {
            pairMoves[pair] = MAX_MOVES_PER_PAIR;
            return false;
        }
        move(tasks, task, to);
        pairMoves[pair]++;
        return true;
    }

    private static double threshold(double share, double ratio) {
        return Math.max(ratio * share, MIN_THRESHOLD);
    }

    /**
     * The unmoved task of fromDom that may go to toDom, whose load is closest to
     * min(surplus, deficit) and whose move reduces the pair's total imbalance; -1 if none.
     * Its load must also be under the gap between the two domains (only a node's share
     * could allow more), so that no move widens the spread of domain loads.
     */
    private int bestTask(TaskTable tasks, int fromDom, int toDom, double surplus, double deficit) {
        double need = Math.min(surplus, deficit);
        double gap = domNow[fromDom] - domNow[toDom];
        long toBit = 1L << toDom;
        int best = -1;
        double bestLoad = 0, bestDistance = Double.POSITIVE_INFINITY;
        for (int i = domStart[fromDom]; i < domStart[fromDom + 1]; i++) {
            int t = byDomain[i];
            double load = tasks.load[t];
            if (moved[t] || !(load > 0) || (tasks.allowed[t] & toBit) == 0 || skipKworkers && tasks.kworker[t])
                continue;
            if (!(load < gap && Math.abs(surplus - load) + Math.abs(deficit - load) < surplus + deficit)) continue;
            double distance = Math.abs(load - need);
            if (distance < bestDistance || distance == bestDistance && load < bestLoad) { // ties: the lighter task
                best = t;
                bestLoad = load;
                bestDistance = distance;
            }
        }
        return best;
    }

    private void move(TaskTable tasks, int task, int toDom) {
        int fromDom = tasks.dom[task];
        double load = tasks.load[task];
        domNow[fromDom] -= load;
        domNow[toDom] += load;
        nodeNow[domNode[fromDom]] -= load;
        nodeNow[domNode[toDom]] += load;
        moved[task] = true;
        movedTask[moves] = task;
        movedTo[moves] = toDom;
        moves++;
    }

    /** Orders group[0 .. size) by surplus over share, largest first (ties: lower id first); an insertion sort, as groups are small. */
    private void sortBySurplus(int size, double[] now, double[] share) {
        for (int i = 1; i < size; i++) {
            int e = group[i];
            double surplus = now[e] - share[e];
            int j = i - 1;
            for (; j >= 0; j--) {
                double other = now[group[j]] - share[group[j]];
                if (other > surplus || other == surplus && group[j] < e) break;
                group[j + 1] = group[j];
            }
            group[j + 1] = e;
        }
    }

    private int domainsOf(int node) {
        return nodeStart[node + 1] - nodeStart[node];
    }
}
