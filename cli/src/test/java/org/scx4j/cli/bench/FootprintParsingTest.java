package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** A scheduler's footprint from the /proc lines and timestamps the guest prints, in the shapes a real kernel gives. */
class FootprintParsingTest {

    @Test
    void peakRssIsVmHwmInKiB() {
        assertThat(Footprint.peakRssKiB("VmHWM:\t  215040 kB")).isEqualTo(215040);
        assertThatThrownBy(() -> Footprint.peakRssKiB("VmRSS:\t  1000 kB")).hasMessageContaining("VmHWM");
    }

    @Test
    void cpuPerSecondIsTheCgroupsUsageOverTheRunAndMemoryThePeakOfTheProcessTree() {
        String probe = """
                time start 1000000000
                usage start 52345678
                time end 1004000000
                usage end 53255678
                status 812 VmHWM:\t  204800 kB
                status 900 VmHWM:\t    1024 kB
                """;
        Footprint f = Footprint.parse(1.25, probe);
        // 0.91 s of CPU over 4 s of run.
        assertThat(f.cpuPerSecond()).isCloseTo(0.91 / 4, within(1e-9));
        assertThat(f.rssMiB()).isCloseTo(201.0, within(1e-9));
        assertThat(f.startSeconds()).isEqualTo(1.25);
        assertThat(f.figures()).containsOnlyKeys("start", "cpu", "rss");
        assertThat(Footprint.FIGURES).extracting(Figure::name).containsExactly("start", "cpu", "rss");
        assertThat(Footprint.FIGURES).allMatch(Figure::footprint).allMatch(x -> x.better() == Figure.Better.LOWER);
    }

    @Test
    void aMicrosecondIsSeenAnUntimedStartIsLeftOutAndCpuIsNeverNegative() {
        Footprint idle = Footprint.parse(0.5, "time start 0\nusage start 700\ntime end 10000000\nusage end 8700\nstatus 1 VmHWM: 1 kB\n");
        assertThat(idle.cpuPerSecond()).isCloseTo(0.0008, within(1e-12)); // 8 ms over 10 s: below a clock tick a second
        Footprint f = Footprint.parse(Double.NaN, "time start 5000000\nusage start 900\ntime end 6000000\nusage end 800\nstatus 812 VmHWM: 1024 kB\n");
        assertThat(f.cpuPerSecond()).isZero();
        assertThat(f.figures()).containsOnlyKeys("cpu", "rss");
    }

    @Test
    void missingLinesFailWithWhatWasMissing() {
        assertThatThrownBy(() -> Footprint.parse(1, "time start 1\nusage start 5"))
                .hasMessageContaining("not read at both ends");
        assertThatThrownBy(() -> Footprint.parse(1, "time start 1\nusage start 5\ntime end 2\nstatus 1 VmHWM: 1 kB"))
                .hasMessageContaining("not read at both ends");
        assertThatThrownBy(() -> Footprint.parse(1, "time start 1\nusage start 5\ntime end 2\nusage end 6"))
                .hasMessageContaining("VmHWM");
        assertThatThrownBy(() -> Footprint.parse(1, "time later 1\n")).hasMessageContaining("start or end tag");
        assertThatThrownBy(() -> Footprint.parse(1, "usage start many\n")).hasMessageContaining("without its number");
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
                + RunOutput.FOOTPRINT_MARK + "\ntime start 1\n";
        RunOutput out = RunOutput.parse(stdout);
        assertThat(out.workload()).isEqualTo("Total time: 0.5 [sec]\n");
        assertThat(out.samples()).containsExactly(OpsSample.parse("enabled simple"), OpsSample.parse("enabled simple"));
        assertThat(out.footprint()).isEqualTo("\ntime start 1\n");
        RunOutput eevdf = RunOutput.parse("x\n" + RunOutput.SAMPLES_MARK + "\ndisabled -\n" + RunOutput.FOOTPRINT_MARK + "\n");
        assertThat(eevdf.samples()).containsExactly(OpsSample.parse("disabled -"));
        assertThat(eevdf.footprint()).isBlank();
        assertThat(RunOutput.parse("killed").samples()).isEmpty();
    }
}
