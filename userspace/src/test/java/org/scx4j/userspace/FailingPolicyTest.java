package org.scx4j.userspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/** The test aid behind {@code --fail-after}: the policy's decisions pass until the limit, then the policy throws. */
class FailingPolicyTest {
    @Test
    void decidesUpToTheLimitThenThrows() {
        try (Arena arena = Arena.ofConfined()) {
            SyntheticTasks tasks = new SyntheticTasks(arena, 10);
            for (int pid = 1; pid <= 10; pid++) {
                tasks.add(pid, pid + 1000, 0, 0, 0, 100, 0);
            }
            MemoryDispatchSink sink = new MemoryDispatchSink(arena, 10);
            DecisionLoopTest.EchoPolicy echo = new DecisionLoopTest.EchoPolicy();
            DecisionLoop loop = new DecisionLoop(new FailingPolicy(echo, 4));
            assertThatThrownBy(() -> {
                while (loop.round(tasks, sink, 10) > 0) {
                    // until the policy throws
                }
            }).isInstanceOf(IllegalStateException.class).hasMessageContaining("after 4 decisions");
            assertThat(echo.waiting()).as("tasks the policy had not decided when it failed").isEqualTo(6);
        }
    }
}
