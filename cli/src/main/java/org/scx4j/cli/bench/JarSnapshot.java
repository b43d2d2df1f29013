package org.scx4j.cli.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;

/**
 * A private copy of the scx4j jar that the guest starts schedulers from for
 * the length of one bench. A bench runs for minutes; if the build output were
 * rebuilt meanwhile, a scheduler JVM in the guest would load classes from a
 * half-written jar and fail in confusing ways. The copy lives under the
 * user's cache folder, which the guest sees at the same path.
 */
final class JarSnapshot implements AutoCloseable {

    private final Path copy;

    private JarSnapshot(Path copy) {
        this.copy = copy;
    }

    /**
     * Copies {@code jar} and checks the copy is a whole jar with a main class,
     * retrying a few times in case a build is writing it right now.
     *
     * @throws IllegalStateException when no whole copy could be made
     */
    static JarSnapshot of(Path jar) {
        Path dir = folder();
        String problem = "";
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Files.createDirectories(dir);
                Path copy = Files.createTempFile(dir, "scx4j-", ".jar");
                Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
                try (JarFile j = new JarFile(copy.toFile())) {
                    if (j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Main-Class") != null) {
                        return new JarSnapshot(copy);
                    }
                    problem = "it has no Main-Class";
                } catch (IOException e) {
                    problem = e.getMessage();
                }
                Files.deleteIfExists(copy);
                Thread.sleep(2000);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy " + jar + " to " + dir + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("the scx4j jar " + jar + " is not a whole jar (" + problem
                + "); wait for the build writing it to finish, or rebuild with scripts/build");
    }

    Path path() {
        return copy;
    }

    /** The folder for the bench's private copies, under the user's cache folder (which the guest sees). */
    static Path folder() {
        return Path.of(System.getProperty("user.home"), ".cache", "scx4j", "bench");
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(copy);
        } catch (IOException e) {
            // A leftover copy in the cache folder is harmless.
        }
    }
}
