package org.scx4j.core.stats;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;

/**
 * Creates the listening socket file with its final permissions before anyone
 * can reach it: it binds under a temporary name in the same folder, sets the
 * mode (0600, or 0660 plus the group) and renames it into place, so the public
 * path never exists with the process umask's looser mode. A leftover file from
 * a crashed scheduler is replaced; a live server on the path is an error.
 */
final class SocketFile {

    private SocketFile() {}

    static ServerSocketChannel bind(Path path, Optional<String> group, int backlog) {
        Path dir = path.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StatsException("cannot create the stats socket folder " + dir + ": " + e
                    + " (run as root or pass another socket path)", e);
        }
        if (Files.exists(path)) {
            if (isServed(path)) {
                throw new StatsException(StatsException.EINVAL, "another scheduler serves stats on " + path
                        + ": stop it first or pass another socket path");
            }
            // Nobody listens: a leftover of a process that died; the rename below replaces it.
        }
        Path temporary = dir.resolve("." + path.getFileName() + ".new-" + ProcessHandle.current().pid());
        ServerSocketChannel channel = null;
        try {
            Files.deleteIfExists(temporary);
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(temporary), backlog);
            var view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
            if (group.isPresent()) {
                view.setGroup(lookupGroup(group.get()));
                view.setPermissions(PosixFilePermissions.fromString("rw-rw----"));
            } else {
                view.setPermissions(PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Best effort: the failure below is what the user must see.
            }
            if (e instanceof StatsException se) {
                throw se;
            }
            String hint = e instanceof AccessDeniedException ? " (run as root or pass another socket path)" : "";
            throw new StatsException("cannot create the stats socket " + path + ": " + e + hint, e);
        }
    }

    /** True when a server accepts connections on this path. */
    static boolean isServed(Path path) {
        try {
            SocketChannel.open(UnixDomainSocketAddress.of(path)).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static GroupPrincipal lookupGroup(String name) throws IOException {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            throw new StatsException(StatsException.EINVAL, "stats socket group '" + name
                    + "' does not exist: create it (groupadd " + name + ") or choose another group");
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; nothing more to do.
            }
        }
    }
}
