package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsers against output captured from the real tools (perf 6.x, cyclictest 2.4). */
class WorkloadParsingTest {

    @Test
    void messagingReadsTotalTime() throws Exception {
        String out = """
                # Running 'sched/messaging' benchmark:
                # 20 sender and receiver processes per group
                # 4 groups == 160 processes run

                     Total time: 1.234 [sec]
                """;
        assertThat(new MessagingWorkload().parse(out)).containsExactly(Map.entry("time", 1.234));
        assertThatThrownBy(() -> new MessagingWorkload().parse("perf: command not found"))
                .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("Total time");
    }

    @Test
    void wakeupLatencyComputesPercentilesOverEverySample() throws Exception {
        StringBuilder out = new StringBuilder("""
                Max CPUs = 2
                Online CPUs = 2
                # /dev/cpu_dma_latency set to 0us
                Thread 0 Interval: 1000
                Thread 1 Interval: 1000
                """);
        for (int i = 1; i <= 100; i++) {
            out.append("%8d:%8d:%8d\n".formatted(i % 2, i / 2, i));
        }
        Map<String, Double> f = new WakeupLatencyWorkload().parse(out.toString());
        assertThat(f.get("p50")).isCloseTo(50.5, within(1e-9));
        assertThat(f.get("p99")).isCloseTo(99.01, within(1e-9));
        assertThat(f.get("max")).isEqualTo(100);
        assertThatThrownBy(() -> new WakeupLatencyWorkload().parse("Thread 0 Interval: 1000\nunable to lock memory"))
                .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("unable to lock memory");
    }

    @Test
    void fairnessIsOneWhenCpuTimeFollowsWeights() throws Exception {
        // 2 CPUs, 1 s window: nice 0 and nice 5 pairs get exactly their weighted share.
        long total = 2_000_000_000L;
        long a = Math.round(total * 1024.0 / 2718);
        long b = Math.round(total * 335.0 / 2718);
        String out = """
                hog 101 0 5000 %d
                hog 102 5 7000 %d
                hog 103 0 0 %d
                hog 104 5 0 %d
                window 1000000000 2000000000
                """.formatted(5000 + a, 7000 + b, a, b);
        assertThat(new FairnessWorkload().parse(out).get("jain")).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void fairnessDropsWhenWeightsAreIgnored() throws Exception {
        // Equal time for weights 1024 and 335: x = 0.664 and 2.03, Jain about 0.80.
        String out = """
                hog 1 0 0 500000000
                hog 2 5 0 500000000
                hog 3 0 0 500000000
                hog 4 5 0 500000000
                window 0 1000000000
                """;
        double jain = new FairnessWorkload().parse(out).get("jain");
        assertThat(jain).isBetween(0.78, 0.82);
        assertThatThrownBy(() -> new FairnessWorkload().parse("hog 1 0 0 5\n"))
                .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("window");
    }

    @Test
    void fairnessHogsAreTwoPerCpuAtSpreadNiceLevels() {
        assertThat(FairnessWorkload.niceLevels(2)).containsExactly(0, 2, 4, 6);
        assertThat(FairnessWorkload.niceLevels(1)).containsExactly(0, 2);
        assertThat(FairnessWorkload.niceLevels(4)).hasSize(8).allMatch(n -> n >= 0 && n <= 6);
    }

    @Test
    void interactiveCountsLateFramesAsMisses() throws Exception {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 98; i++) {
            out.append("frame 100000 -3900000\n"); // woke 100 us late, finished well before the deadline
        }
        out.append("frame 7000000 3100000\n"); // woke 7 ms late, finished after the deadline
        out.append("frame -2000 -4000000\n"); // an early wake counts as zero lateness
        Map<String, Double> f = new InteractiveWorkload().parse(out.toString());
        assertThat(f.get("misses")).isEqualTo(1.0);
        assertThat(f.get("p99-lateness")).isGreaterThan(100).isLessThan(7000);
        assertThatThrownBy(() -> new InteractiveWorkload().parse("Traceback (most recent call last):\nSyntaxError"))
                .isInstanceOf(WorkloadOutputException.class).hasMessageContaining("SyntaxError");
    }

    @Test
    void droppedFramesAreMissesButNotLateness() throws Exception {
        String out = "frame 20000000 16000000\n" + "dropped\n".repeat(3) + "frame 50000 -3950000\n".repeat(96);
        Map<String, Double> f = new InteractiveWorkload().parse(out);
        assertThat(f.get("misses")).isEqualTo(4.0); // 1 late + 3 dropped of 100 frames
        assertThat(f.get("p99-lateness")).isGreaterThan(50).isLessThan(20000);
    }

    @Test
    void everyWorkloadScriptNamesItsToolAndScalesDown() {
        assertThat(new MessagingWorkload().script(2, 1.0)).contains("perf bench sched messaging -g 4 -l 15");
        assertThat(new WakeupLatencyWorkload().script(2, 1.0)).contains("--policy=other").contains("-t 2").contains("-l 3000");
        assertThat(new WakeupLatencyWorkload().script(2, 0.1)).contains("-l 300");
        assertThat(new FairnessWorkload().script(2, 1.0)).contains("nices=(0 2 4 6)").contains("/proc/$p/schedstat");
        assertThat(new InteractiveWorkload().script(3, 0.25)).contains("stress-ng --cpu 3").contains(" 10000 1000 100 ");
    }
}
