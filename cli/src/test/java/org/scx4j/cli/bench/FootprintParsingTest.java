package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A scheduler's footprint from the /proc lines and timestamps the guest prints, in the shapes a real kernel gives. */
class FootprintParsingTest {

    /** A JVM's stat line: utime 250, stime 40, cutime 7, cstime 3 (fields 14-17). */
    private static final String JAVA_STAT = "812 (java) S 1 812 812 0 -1 4194560 52398 0 301 0 250 40 7 3 20 0 31 0 1795 "
            + "4032368640 54321 18446744073709551615 1 1 0 0 0 0 0 4096 17663 0 0 0 17 1 0 0 0 0 0";
    /** A command name with spaces and parentheses must not shift the fields. */
    private static final String ODD_STAT = "900 (my (odd) sched) R 812 812 812 0 -1 4194304 10 0 0 0 5 6 0 0 20 0 1 0 1800 "
            + "2990080 409 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

    @Test
    void cpuTicksAreUserSystemAndWaitedForChildren() {
        assertThat(ProcFields.cpuTicks(JAVA_STAT)).isEqualTo(250 + 40 + 7 + 3);
        assertThat(ProcFields.cpuTicks(ODD_STAT)).isEqualTo(11);
        assertThatThrownBy(() -> ProcFields.cpuTicks("no parenthesis here")).hasMessageContaining("not a /proc/PID/stat line");
        assertThatThrownBy(() -> ProcFields.cpuTicks("1 (x) S 1 2")).hasMessageContaining("too few fields");
    }

    @Test
    void peakRssIsVmHwmInKiB() {
        assertThat(ProcFields.peakRssKiB("VmHWM:\t  215040 kB")).isEqualTo(215040);
        assertThatThrownBy(() -> ProcFields.peakRssKiB("VmRSS:\t  1000 kB")).hasMessageContaining("VmHWM");
    }

    @Test
    void cpuPerSecondOverTheMeasuredRunAndPeakMemoryOfTheProcessTree() {
        String probe = """
                clk 100
                time start 1000000000
                stat start %s
                time end 1004000000
                stat end %s
                status 812 VmHWM:\t  204800 kB
                stat end %s
                status 900 VmHWM:\t    1024 kB
                """.formatted(JAVA_STAT, JAVA_STAT.replace(" 250 40 7 3 ", " 300 70 7 3 "), ODD_STAT);
        Footprint f = Footprint.parse(1.25, probe);
        // (380 + 11) - 300 ticks = 0.91 s of CPU over 4 s of run.
        assertThat(f.cpuPerSecond()).isCloseTo(0.91 / 4, within(1e-9));
        assertThat(f.rssMiB()).isCloseTo(201.0, within(1e-9));
        assertThat(f.startSeconds()).isEqualTo(1.25);
        assertThat(f.figures()).containsOnlyKeys("start", "cpu", "rss");
        assertThat(Footprint.FIGURES).extracting(Figure::name).containsExactly("start", "cpu", "rss");
        assertThat(Footprint.FIGURES).allMatch(Figure::footprint).allMatch(x -> x.better() == Figure.Better.LOWER);
    }

    @Test
    void anUntimedStartIsLeftOutAndCpuIsNeverNegative() {
        String probe = "clk 100\ntime start 5000000\nstat start " + JAVA_STAT.replace(" 250 40 7 3 ", " 500 0 0 0 ")
                + "\ntime end 6000000\nstat end " + JAVA_STAT + "\nstatus 812 VmHWM: 1024 kB\n";
        Footprint f = Footprint.parse(Double.NaN, probe);
        assertThat(f.cpuPerSecond()).isZero();
        assertThat(f.figures()).containsOnlyKeys("cpu", "rss");
    }

    @Test
    void missingLinesFailWithWhatWasMissing() {
        assertThatThrownBy(() -> Footprint.parse(1, "time start 1\nstat start " + JAVA_STAT))
                .hasMessageContaining("CLK_TCK");
        assertThatThrownBy(() -> Footprint.parse(1, "clk 100\ntime start 1\nstat start " + JAVA_STAT))
                .hasMessageContaining("not read at both ends");
        assertThatThrownBy(() -> Footprint.parse(1, "clk 100\ntime start 1\nstat start " + JAVA_STAT + "\ntime end 2\nstat end " + JAVA_STAT))
                .hasMessageContaining("VmHWM");
        assertThatThrownBy(() -> Footprint.parse(1, "clk 100\ntime later 1\n")).hasMessageContaining("start or end tag");
        assertThatThrownBy(() -> Footprint.parse(1, "clk many\n")).hasMessageContaining("without its number");
    }

    @Test
    void startIsTimedFromTheExecStampToEnabled() {
        GuestScheduler.Enabled e = GuestScheduler.Enabled.parse("enabled 1700000000000000 1700000002345678 simple");
        assertThat(e.ops()).isEqualTo("simple");
        assertThat(e.startSeconds()).isCloseTo(2.345678, within(1e-9));
        GuestScheduler.Enabled untimed = GuestScheduler.Enabled.parse("enabled - 1700000002345678 javaland");
        assertThat(untimed.ops()).isEqualTo("javaland");
        assertThat(untimed.startSeconds()).isNaN();
    }

    @Test
    void theGuestOutputIsCutAtItsMarks() {
        String stdout = "Total time: 0.5 [sec]\n" + RunOutput.SAMPLES_MARK + "\nenabled simple\nenabled simple\n"
                + RunOutput.FOOTPRINT_MARK + "\nclk 100\n";
        RunOutput out = RunOutput.parse(stdout);
        assertThat(out.workload()).isEqualTo("Total time: 0.5 [sec]\n");
        assertThat(out.samples()).containsExactly(OpsSample.parse("enabled simple"), OpsSample.parse("enabled simple"));
        assertThat(out.footprint()).isEqualTo("\nclk 100\n");
        RunOutput eevdf = RunOutput.parse("x\n" + RunOutput.SAMPLES_MARK + "\ndisabled -\n" + RunOutput.FOOTPRINT_MARK + "\n");
        assertThat(eevdf.samples()).containsExactly(OpsSample.parse("disabled -"));
        assertThat(eevdf.footprint()).isBlank();
        assertThat(RunOutput.parse("killed").samples()).isEmpty();
    }
}
