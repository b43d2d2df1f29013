package org.scx4j.core.stats;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request/answer rules of the stats protocol, free of sockets so they can be
 * tested alone: one JSON object per line in, one per line out.
 * {@code {"req":"stats","args":{"target":"top"}}} answers the session's values,
 * {@code {"req":"stats_meta"}} the metric descriptions, and everything else
 * (unknown request, unknown target, arguments that are not strings, invalid JSON)
 * answers {@code errno} 22 (EINVAL) with a message in {@code resp}, never closing
 * the connection.
 */
public final class StatsProtocol {

    private final String metaAnswer;

    public StatsProtocol(MetricSet metrics) {
        this.metaAnswer = encode(0, metrics.meta());
    }

    /** The answer line (without the newline) to one request line. */
    public String answer(String requestLine, StatsSession session) {
        try {
            return switch (parse(requestLine)) {
                case Request(var req, var args) when req.equals("stats") -> {
                    Object target = args.getOrDefault("target", "top");
                    if (!"top".equals(target)) {
                        throw new StatsException(StatsException.EINVAL, "unknown stats target \"" + target + "\": the only target is \"top\"");
                    }
                    yield encode(0, session.next());
                }
                case Request(var req, var args) when req.equals("stats_meta") -> metaAnswer;
                case Request(var req, var args) -> throw new StatsException(StatsException.EINVAL,
                        "unknown request \"" + req + "\": use \"stats\" or \"stats_meta\"");
            };
        } catch (StatsException e) {
            return error(e.errno() == 0 ? StatsException.EINVAL : e.errno(), e.getMessage());
        }
    }

    /** An error answer with this errno and message. */
    public static String error(int errno, String message) {
        return encode(errno, message);
    }

    private record Request(String req, Map<String, Object> args) {}

    private static Request parse(String line) {
        Object parsed;
        try {
            parsed = JSON.std.anyFrom(line);
        } catch (IOException | RuntimeException e) {
            throw new StatsException(StatsException.EINVAL, "request is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(parsed instanceof Map<?, ?> object)) {
            throw new StatsException(StatsException.EINVAL, "request must be a JSON object like {\"req\":\"stats\"}");
        }
        if (!(object.get("req") instanceof String req)) {
            throw new StatsException(StatsException.EINVAL, "request has no string \"req\" member");
        }
        var args = new LinkedHashMap<String, Object>();
        Object rawArgs = object.get("args");
        if (rawArgs != null) {
            if (!(rawArgs instanceof Map<?, ?> argMap)) {
                throw new StatsException(StatsException.EINVAL, "\"args\" must be an object of strings");
            }
            for (var e : argMap.entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    throw new StatsException(StatsException.EINVAL, "argument \"" + e.getKey() + "\" must be a string");
                }
                args.put(String.valueOf(e.getKey()), e.getValue());
            }
        }
        return new Request(req, args);
    }

    private static String encode(int errno, Object resp) {
        var args = new LinkedHashMap<String, Object>();
        args.put("resp", resp);
        var answer = new LinkedHashMap<String, Object>();
        answer.put("errno", errno);
        answer.put("args", args);
        try {
            return JSON.std.asString(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a stats answer", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
