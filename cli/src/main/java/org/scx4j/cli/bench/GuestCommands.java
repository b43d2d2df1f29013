package org.scx4j.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The external commands as the guest runs them. The guest sees the host's
 * {@code /} read-only, except for the folders it mounts afresh ({@code /tmp},
 * {@code /run}, {@code /dev}): an executable there, such as a scheduler just
 * built under {@code /tmp}, would not be found. Such an executable is copied,
 * under its own name, to a private folder of the bench's cache folder for the
 * length of the bench, and its command runs from there; every other command
 * runs as given.
 */
final class GuestCommands implements AutoCloseable {

    /** Host folders the guest hides behind its own mounts (see the vm module's init script). */
    static final List<Path> GUEST_OWN = List.of(Path.of("/tmp"), Path.of("/run"), Path.of("/dev"));

    private final Map<String, List<String>> commands;
    private final List<Path> copies;

    private GuestCommands(Map<String, List<String>> commands, List<Path> copies) {
        this.commands = commands;
        this.copies = copies;
    }

    /**
     * Copies what the guest could not see.
     *
     * @throws UncheckedIOException when a copy cannot be made
     */
    static GuestCommands of(List<ExternalScheduler> externals) {
        Map<String, List<String>> commands = new LinkedHashMap<>();
        List<Path> copies = new ArrayList<>();
        GuestCommands made = new GuestCommands(commands, copies);
        for (ExternalScheduler e : externals) {
            Path program = Path.of(e.command().getFirst());
            if (!hiddenInGuest(program)) {
                commands.put(e.label(), e.command());
                continue;
            }
            try {
                Path dir = Files.createDirectories(JarSnapshot.folder());
                Path copy = Files.createTempDirectory(dir, "ext-");
                copies.add(copy);
                Path target = copy.resolve(program.getFileName());
                Files.copy(program, target, StandardCopyOption.COPY_ATTRIBUTES);
                List<String> words = new ArrayList<>(e.command());
                words.set(0, target.toString());
                commands.put(e.label(), List.copyOf(words));
            } catch (IOException ex) {
                made.close();
                throw new UncheckedIOException("cannot copy " + program + " where the VM sees it (" + JarSnapshot.folder()
                        + "): " + ex.getMessage(), ex);
            }
        }
        return made;
    }

    /** Whether the guest mounts its own folder over this host path. */
    static boolean hiddenInGuest(Path program) {
        Path p = program.toAbsolutePath().normalize();
        return GUEST_OWN.stream().anyMatch(p::startsWith);
    }

    /** Each external label's command line in the guest. */
    Map<String, List<String>> commands() {
        return Map.copyOf(commands);
    }

    @Override
    public void close() {
        for (Path copy : copies) {
            try (Stream<Path> files = Files.walk(copy)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                // A leftover copy in the cache folder is harmless.
            }
        }
    }
}
