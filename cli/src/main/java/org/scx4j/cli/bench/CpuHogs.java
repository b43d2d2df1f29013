package org.scx4j.cli.bench;

/**
 * The batch load of the latency workloads: stress-ng with one CPU hog per
 * CPU, started before the measured command and stopped after it. One
 * definition so both workloads load the machine the same way.
 */
final class CpuHogs {

    private CpuHogs() {}

    /**
     * A bash script running {@code command} while stress-ng saturates every CPU;
     * it exits with the command's status.
     *
     * @param maxSeconds stress-ng's own time limit, a backstop should the kill be missed
     */
    static String around(int cpus, int maxSeconds, String command) {
        return """
                stress-ng --cpu %d --timeout %ds --quiet >/dev/null 2>&1 &
                hogs=$!
                sleep 0.5
                %s
                rc=$?
                kill -INT $hogs 2>/dev/null; wait $hogs 2>/dev/null
                exit $rc
                """.formatted(cpus, maxSeconds, command.strip());
    }
}
