package org.scx4j.core.stats;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client's view of the stats: remembers the counters it last reported so
 * each answer carries the increase since this client's previous request. Every
 * connection (and the in-process {@code --stats} printer) has its own session,
 * so one monitor never steals another's deltas. The baseline is taken when the
 * session opens. Not thread-safe: a session belongs to one connection.
 */
public final class StatsSession {

    private final MetricSet metrics;
    private final StatsSource source;
    private final Map<String, Long> previous = new HashMap<>();

    public StatsSession(MetricSet metrics, StatsSource source) {
        this.metrics = metrics;
        this.source = source;
        remember(source.read());
    }

    /** The current values, counters as deltas since the previous call (or since the session opened). */
    public Map<String, Object> next() {
        Map<String, ?> now = source.read();
        var out = new LinkedHashMap<String, Object>();
        for (Metric m : metrics.metrics()) {
            Object v = now.get(m.name());
            if (v == null) {
                continue;
            }
            if (m.counter() && v instanceof Number n) {
                long total = n.longValue();
                long before = previous.getOrDefault(m.name(), 0L);
                // A total that went down means the scheduler restarted its counters: report the new total.
                out.put(m.name(), total >= before ? total - before : total);
            } else {
                out.put(m.name(), v);
            }
        }
        remember(now);
        return out;
    }

    private void remember(Map<String, ?> now) {
        for (Metric m : metrics.metrics()) {
            if (m.counter() && now.get(m.name()) instanceof Number n) {
                previous.put(m.name(), n.longValue());
            }
        }
    }
}
