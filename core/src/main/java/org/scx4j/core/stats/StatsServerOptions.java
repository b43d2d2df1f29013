package org.scx4j.core.stats;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how a scheduler serves its stats: the socket path (upstream's
 * default, so upstream monitors find it), the group allowed to connect (none:
 * the socket is owner-only, 0600; a group: 0660 and that group), and the limits
 * that keep one misbehaving client from harming the server or the others.
 *
 * @param socket             the Unix socket path
 * @param group              the group allowed to connect besides the owner, if any
 * @param maxClients         connections served at once; a new one evicts the longest-idle
 * @param maxRequestBytes    longest request line; longer lines answer EINVAL and are skipped
 * @param maxPendingBytes    answers queued for a client that does not read, before the
 *                           server stops reading its requests until it catches up
 */
public record StatsServerOptions(Path socket, Optional<String> group, int maxClients, int maxRequestBytes,
                                 int maxPendingBytes) {

    /** Upstream's socket path: {@code /var/run/scx/root/stats}. */
    public static final Path DEFAULT_SOCKET = Path.of("/var/run/scx/root/stats");

    public StatsServerOptions {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(group, "group");
        if (maxClients < 1 || maxRequestBytes < 64 || maxPendingBytes < 4096) {
            throw new IllegalArgumentException("stats server limits too small: clients=" + maxClients
                    + " request=" + maxRequestBytes + " pending=" + maxPendingBytes);
        }
    }

    /** The default socket, owner-only, 256 clients, 64 KiB requests, 128 KiB queued answers per client. */
    public static StatsServerOptions defaults() {
        return new StatsServerOptions(DEFAULT_SOCKET, Optional.empty(), 256, 64 * 1024, 128 * 1024);
    }

    public StatsServerOptions withSocket(Path path) {
        return new StatsServerOptions(path, group, maxClients, maxRequestBytes, maxPendingBytes);
    }

    /** Lets members of {@code name} connect too (mode 0660); null or blank means owner-only. */
    public StatsServerOptions withGroup(String name) {
        return new StatsServerOptions(socket, Optional.ofNullable(name).filter(s -> !s.isBlank()),
                maxClients, maxRequestBytes, maxPendingBytes);
    }

    public StatsServerOptions withMaxClients(int n) {
        return new StatsServerOptions(socket, group, n, maxRequestBytes, maxPendingBytes);
    }
}
