package org.scx4j.schedulers.rusty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which tasks the balancer moves, against small tables whose right answer is worked out by hand. */
class LoadBalancerTest {
    static final long ANY = -1L;
    static final int[] ONE_NODE_TWO_DOMAINS = {0, 0};
    static final int[] TWO_NODES_TWO_DOMAINS_EACH = {0, 0, 1, 1};

    @Test
    void allLoadInOneOfTwoDomainsMovesTheLeastNeeded() {
        TaskTable t = inDomainZero(4, 100);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);

        // 400 against 0: two tasks of 100 make 200 and 200.
        assertThat(lb.balance(t, true)).isEqualTo(2);
        assertThat(moves(lb)).containsExactly(0, 1, 1, 1);
        assertThat(lb.domainLoad(0)).isEqualTo(400);
        assertThat(lb.domainLoad(1)).isEqualTo(0);
        assertThat(lb.imbalance(0)).isEqualTo(200);
        assertThat(lb.imbalance(1)).isEqualTo(-200);
        assertThat(lb.delta(0)).isEqualTo(-200);
        assertThat(lb.delta(1)).isEqualTo(200);
    }

    @Test
    void picksTheTaskWhoseLoadIsClosestToTheNeed() {
        TaskTable t = skewedPair(ANY, false);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);

        // 390 against 10: each side is 190 off the average 200; the task of 200 is closest.
        assertThat(lb.balance(t, true)).isEqualTo(1);
        assertThat(moves(lb)).containsExactly(0, 1);
        assertThat(lb.delta(1)).isEqualTo(200);
    }

    @Test
    void theNeedIsTheSmallerOfSurplusAndDeficit() {
        TaskTable t = tasksPerDomain(new double[][] {{60, 150, 210}, {210}, {270}});
        LoadBalancer lb = new LoadBalancer(new int[] {0, 0, 0}, 8);

        // Average 300: domain 0 is 120 over, domain 1 90 under (domain 2 within 30 of it).
        // The task of 60 is closest to 90; then domain 1 is within 30 of the average.
        assertThat(lb.balance(t, true)).isEqualTo(1);
        assertThat(moves(lb)).containsExactly(0, 1);
    }

    @Test
    void onATieTheLighterTaskMoves() {
        TaskTable t = tasksPerDomain(new double[][] {{70, 30}, {}});
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);

        // Both are 20 away from the need of 50; the lighter disturbs less.
        assertThat(lb.balance(t, true)).isEqualTo(1);
        assertThat(moves(lb)).containsExactly(1, 1);
    }

    @Test
    void aMoveThatWouldOnlyMirrorTheImbalanceIsNotMade() {
        TaskTable t = tasksPerDomain(new double[][] {{50, 50}, {}, {}, {50}});
        LoadBalancer lb = new LoadBalancer(TWO_NODES_TWO_DOMAINS_EACH, 8);

        // Node 0 has 100, node 1 has 50: moving a task of 50 would only swap them.
        // Within node 0, it evens 100 against 0.
        assertThat(lb.balance(t, true)).isEqualTo(1);
        assertThat(moves(lb)).containsExactly(0, 1);
        assertThat(lb.nodeDelta(1)).isZero();
    }

    @Test
    void aPinnedTaskNeverMovesEvenWhenItFitsBest() {
        TaskTable t = skewedPair(1L, false);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);

        // Without the 200: 100 (need 190), then 50 (need 90), then 40 (need 40) make 200 and 200.
        assertThat(lb.balance(t, true)).isEqualTo(3);
        assertThat(moves(lb)).containsExactly(1, 1, 2, 1, 3, 1);
        assertThat(lb.delta(0)).isEqualTo(-190);
    }

    @Test
    void aKworkerMovesOnlyWhenKworkersAreNotSkipped() {
        TaskTable t = skewedPair(ANY, true);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);

        assertThat(lb.balance(t, true)).isEqualTo(3);
        assertThat(moves(lb)).containsExactly(1, 1, 2, 1, 3, 1);
        assertThat(lb.balance(t, false)).isEqualTo(1);
        assertThat(moves(lb)).containsExactly(0, 1);
    }

    @Test
    void aBalancedOrIdleSystemStaysStill() {
        // Domains of 105, 95, 100, 100: nodes even, domains within 10 of their average.
        TaskTable t = tasksPerDomain(new double[][] {{65, 40}, {55, 40}, {60, 40}, {60, 40}});
        assertThat(new LoadBalancer(TWO_NODES_TWO_DOMAINS_EACH, 16).balance(t, true)).isZero();

        // 10 off an average of 100 is exactly the threshold: not beyond it.
        assertThat(movesOfOneRun(new double[][] {{60, 50}, {50, 40}})).isZero();
        // Past the floor the threshold is 10% of the share: 1100 against 900 stays, 1102 against 898 does not.
        assertThat(movesOfOneRun(new double[][] {{1000, 100}, {800, 100}})).isZero();
        assertThat(movesOfOneRun(new double[][] {{1000, 102}, {800, 98}})).isEqualTo(1);
        // Idle: 8 against 0 is under the absolute floor.
        assertThat(movesOfOneRun(new double[][] {{5, 3}, {}})).isZero();
    }

    @Test
    void aRunLeavesAFixedPoint() {
        TaskTable t = skewedPair(1L, false);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 8);
        assertThat(lb.balance(t, true)).isEqualTo(3);
        apply(lb, t);

        assertThat(lb.balance(t, true)).isZero();
        assertThat(lb.domainLoad(0)).isEqualTo(200);
        assertThat(lb.domainLoad(1)).isEqualTo(200);
    }

    @Test
    void aRunMovesAtMostFourTasksBetweenOnePair() {
        TaskTable t = inDomainZero(20, 10);
        LoadBalancer lb = new LoadBalancer(ONE_NODE_TWO_DOMAINS, 32);

        // 200 against 0, tasks of 10: 160/40, then 120/80, then 110/90 is within the threshold of 10.
        int[] expected = {4, 4, 1, 0};
        for (int run = 0; run < expected.length; run++) {
            assertThat(lb.balance(t, true)).as("run %d", run).isEqualTo(expected[run]);
            apply(lb, t);
        }
        assertThat(lb.domainLoad(0)).isEqualTo(110);
    }

    @Test
    void betweenNodesTheCapIsPerPairOfDomains() {
        TaskTable t = inDomainZero(40, 10);
        LoadBalancer lb = new LoadBalancer(TWO_NODES_TWO_DOMAINS_EACH, 64);

        // 400 in domain 0: four tasks each to domains 2 and 3 (alternately, the widest gap
        // first), leaving node 0 with 320; domain 1 has nothing to give. Then four to domain 1.
        assertThat(lb.balance(t, true)).isEqualTo(12);
        int[] to = new int[12];
        for (int k = 0; k < 12; k++) {
            assertThat(lb.movedTask(k)).isEqualTo(k);
            to[k] = lb.movedTo(k);
        }
        assertThat(to).containsExactly(2, 3, 2, 3, 2, 3, 2, 3, 1, 1, 1, 1);
        assertThat(lb.nodeDelta(1)).isEqualTo(80);
    }

    @Test
    void loadCrossesNodesFirst() {
        TaskTable t = new TaskTable(8);
        for (int d = 0; d < 2; d++)
            for (int i = 0; i < 4; i++) t.add(d, 100, ANY, false);
        LoadBalancer lb = new LoadBalancer(TWO_NODES_TWO_DOMAINS_EACH, 8);

        // Node 0 holds 800, node 1 nothing: each move takes from node 0's busiest domain
        // (the lower on a tie) to node 1's idlest, until every domain has 200.
        assertThat(lb.balance(t, true)).isEqualTo(4);
        assertThat(moves(lb)).containsExactly(0, 2, 4, 3, 1, 2, 5, 3);
        assertThat(lb.nodeLoad(0)).isEqualTo(800);
        assertThat(lb.nodeImbalance(0)).isEqualTo(400);
        assertThat(lb.nodeImbalance(1)).isEqualTo(-400);
        assertThat(lb.nodeDelta(0)).isEqualTo(-400);
        assertThat(lb.nodeDelta(1)).isEqualTo(400);
        assertThat(lb.imbalance(0)).isZero(); // against its own node's average
        assertThat(lb.delta(2)).isEqualTo(200);
        assertThat(lb.delta(3)).isEqualTo(200);

        apply(lb, t);
        assertThat(lb.balance(t, true)).isZero();
        assertThat(lb.nodeImbalance(0)).isZero();
    }

    @Test
    void aMoveBetweenNodesNeverWidensTheSpreadOfDomains() {
        // Node 0 has 200 against node 1's 90, but moving a task of 100 into the domain of 40
        // would leave domains of 0 and 140: worse than 40 to 100.
        TaskTable t = tasksPerDomain(new double[][] {{100}, {100}, {40}, {50}});
        LoadBalancer lb = new LoadBalancer(TWO_NODES_TWO_DOMAINS_EACH, 8);

        assertThat(lb.balance(t, true)).isZero();
        assertThat(lb.nodeImbalance(0)).isEqualTo(55);
    }

    @Test
    void randomTablesSettleWithoutEverWideningTheSpread() {
        int[][] topologies = {{0, 0}, {0, 0, 0, 0}, {0, 0, 1, 1}, {0, 0, 0, 1, 1, 1}, {0, 1, 0, 1, 2, 2}};
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            int[] domNode = topologies[seed % topologies.length];
            TaskTable t = randomTable(random, domNode.length, 64);
            LoadBalancer lb = new LoadBalancer(domNode, 64);
            boolean skipKworkers = random.nextBoolean();
            int runs = 0;
            while (lb.balance(t, skipKworkers) > 0) {
                checkMoves(lb, t, skipKworkers, "seed " + seed);
                apply(lb, t);
                runs++;
                assertThat(runs).as("seed %d: runs before no move is left", seed).isLessThanOrEqualTo(3);
            }
        }
    }

    /** Checks the moves of a run against the rules, applying them one by one to a copy of the domain loads. */
    private static void checkMoves(LoadBalancer lb, TaskTable t, boolean skipKworkers, String what) {
        int domains = lb.nrDomains();
        double[] load = new double[domains];
        double[] delta = new double[domains];
        for (int d = 0; d < domains; d++) load[d] = lb.domainLoad(d);
        boolean[] seen = new boolean[t.size];
        for (int k = 0; k < lb.moves(); k++) {
            int task = lb.movedTask(k), to = lb.movedTo(k), from = t.dom[task];
            assertThat(seen[task]).as("%s: task %d moves twice", what, task).isFalse();
            seen[task] = true;
            assertThat(to).as(what).isNotEqualTo(from);
            assertThat(t.allowed[task] & (1L << to)).as("%s: task %d allowed in %d", what, task, to).isNotZero();
            assertThat(skipKworkers && t.kworker[task]).as(what).isFalse();
            assertThat(t.load[task]).as(what).isPositive();
            double spread = spread(load);
            load[from] -= t.load[task];
            load[to] += t.load[task];
            delta[from] -= t.load[task];
            delta[to] += t.load[task];
            assertThat(spread(load)).as("%s: move %d widens the spread", what, k).isLessThanOrEqualTo(spread + 1e-9);
        }
        double sum = 0;
        for (int d = 0; d < domains; d++) {
            assertThat(lb.delta(d)).as(what).isCloseTo(delta[d], within(1e-9));
            sum += lb.delta(d);
        }
        assertThat(sum).as(what).isCloseTo(0, within(1e-9));
    }

    /** Rows 0..3 in domain 0 with loads 200, 100, 50, 40 (row 0 allowed in first, a kworker or not); row 4 in domain 1 with 10. */
    private static TaskTable skewedPair(long firstAllowed, boolean firstIsKworker) {
        TaskTable t = new TaskTable(8);
        t.add(0, 200, firstAllowed, firstIsKworker);
        t.add(0, 100, ANY, false);
        t.add(0, 50, ANY, false);
        t.add(0, 40, ANY, false);
        t.add(1, 10, ANY, false);
        return t;
    }

    /** How many moves one run decides for two domains of one node holding tasks of these loads. */
    private static int movesOfOneRun(double[][] loads) {
        return new LoadBalancer(ONE_NODE_TWO_DOMAINS, 16).balance(tasksPerDomain(loads), true);
    }

    private static TaskTable inDomainZero(int count, double load) {
        TaskTable t = new TaskTable(count);
        for (int i = 0; i < count; i++) t.add(0, load, ANY, false);
        return t;
    }

    private static TaskTable tasksPerDomain(double[][] loads) {
        TaskTable t = new TaskTable(16);
        for (int d = 0; d < loads.length; d++)
            for (double load : loads[d]) t.add(d, load, ANY, false);
        return t;
    }

    /** Tasks crowded into the low domains, some idle, some pinned, some kworkers, some allowed a few domains. */
    private static TaskTable randomTable(Random random, int domains, int maxTasks) {
        TaskTable t = new TaskTable(maxTasks);
        int tasks = 2 + random.nextInt(maxTasks - 1);
        for (int i = 0; i < tasks; i++) {
            int dom = Math.min(random.nextInt(domains), random.nextInt(domains));
            double load = random.nextInt(5) == 0 ? 0 : random.nextDouble() * 150;
            long allowed = switch (random.nextInt(6)) {
                case 0 -> 1L << dom;
                case 1 -> (1L << dom) | random.nextLong();
                default -> ANY;
            };
            t.add(dom, load, allowed, random.nextInt(8) == 0);
        }
        return t;
    }

    private static void apply(LoadBalancer lb, TaskTable t) {
        for (int k = 0; k < lb.moves(); k++) t.dom[lb.movedTask(k)] = lb.movedTo(k);
    }

    /** The last run's moves as task, domain, task, domain... */
    private static int[] moves(LoadBalancer lb) {
        int[] moves = new int[2 * lb.moves()];
        for (int k = 0; k < lb.moves(); k++) {
            moves[2 * k] = lb.movedTask(k);
            moves[2 * k + 1] = lb.movedTo(k);
        }
        return moves;
    }

    private static double spread(double[] load) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double l : load) {
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        return max - min;
    }
}
