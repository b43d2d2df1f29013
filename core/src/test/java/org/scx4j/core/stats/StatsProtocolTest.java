package org.scx4j.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatsProtocolTest {

    static final MetricSet METRICS = MetricSet.of("test_sched", "a test scheduler",
            Metric.counter("local", "tasks", "tasks dispatched to the local queue"),
            Metric.gauge("queued", "tasks", "tasks waiting now"),
            Metric.text("mode", "the policy in use"));

    final AtomicLong local = new AtomicLong();
    final StatsSource source = () -> Map.of("local", local.get(), "queued", 7, "mode", "fifo");
    final StatsProtocol protocol = new StatsProtocol(METRICS);

    static Map<String, Object> parse(String line) throws Exception {
        return JSON.std.mapFrom(line);
    }

    @Test
    void statsAnswersValuesWithErrnoZero() throws Exception {
        var session = new StatsSession(METRICS, source);
        local.set(5);
        var answer = parse(protocol.answer("{\"req\":\"stats\",\"args\":{\"target\":\"top\"}}", session));
        assertThat(answer.get("errno")).isEqualTo(0);
        assertThat(answer.get("args")).isEqualTo(Map.of("resp", Map.of("local", 5, "queued", 7, "mode", "fifo")));
    }

    @Test
    void statsWithoutArgsMeansTop() throws Exception {
        var answer = parse(protocol.answer("{\"req\":\"stats\"}", new StatsSession(METRICS, source)));
        assertThat(answer.get("errno")).isEqualTo(0);
    }

    @Test
    void metaHasTheUpstreamShape() throws Exception {
        var answer = parse(protocol.answer("{\"req\":\"stats_meta\"}", new StatsSession(METRICS, source)));
        assertThat(answer.get("errno")).isEqualTo(0);
        @SuppressWarnings("unchecked")
        var resp = (Map<String, Object>) ((Map<String, Object>) answer.get("args")).get("resp");
        @SuppressWarnings("unchecked")
        var struct = (Map<String, Object>) resp.get("test_sched");
        assertThat(struct).containsEntry("name", "test_sched").containsEntry("top", "true")
                .containsEntry("desc", "a test scheduler");
        @SuppressWarnings("unchecked")
        var fields = (Map<String, Object>) struct.get("fields");
        assertThat(fields).containsOnlyKeys("local", "queued", "mode");
        assertThat(fields.get("local")).isEqualTo(Map.of("datum", "u64", "desc", "tasks dispatched to the local queue",
                "user", Map.of("_unit", "tasks", "_kind", "counter")));
        assertThat(fields.get("mode")).isEqualTo(Map.of("datum", "string", "desc", "the policy in use",
                "user", Map.of("_kind", "gauge")));
    }

    @Test
    void everythingElseIsEinval() throws Exception {
        var session = new StatsSession(METRICS, source);
        for (String bad : new String[] {
                "{\"req\":\"reboot\"}", "{\"req\":\"stats\",\"args\":{\"target\":\"nope\"}}",
                "{\"req\":\"stats\",\"args\":{\"target\":1}}", "{\"req\":\"stats\",\"args\":[]}",
                "{\"args\":{}}", "{\"req\":5}", "[1,2]", "\"stats\"", "{not json", "", "   "}) {
            var answer = parse(protocol.answer(bad, session));
            assertThat(answer.get("errno")).as(bad).isEqualTo(22);
            assertThat(((Map<?, ?>) answer.get("args")).get("resp")).as(bad).isInstanceOf(String.class);
        }
        // The same session still answers after the errors.
        assertThat(parse(protocol.answer("{\"req\":\"stats\"}", session)).get("errno")).isEqualTo(0);
    }

    @Test
    void sessionsSeeTheirOwnDeltas() {
        local.set(10);
        var a = new StatsSession(METRICS, source);
        local.set(15);
        var b = new StatsSession(METRICS, source);
        local.set(18);
        assertThat(a.next()).containsEntry("local", 8L);
        assertThat(b.next()).containsEntry("local", 3L);
        local.set(20);
        assertThat(a.next()).containsEntry("local", 2L);
        assertThat(a.next()).containsEntry("local", 0L).containsEntry("queued", 7);
        assertThat(b.next()).containsEntry("local", 2L);
    }

    @Test
    void aCounterThatWentBackReportsTheNewTotal() {
        local.set(100);
        var s = new StatsSession(METRICS, source);
        local.set(4);
        assertThat(s.next()).containsEntry("local", 4L);
    }
}
