package org.scx4j.cli.install;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes what {@code scx4j install} recorded in its manifest, and nothing else:
 * a recorded file the administrator has changed since (typically
 * {@code /etc/default/scx}) is kept and reported, and scx4j's own folder is
 * removed only once it is empty.
 */
public final class Uninstaller {

    private final InstallLayout layout;

    public Uninstaller(InstallLayout layout) {
        this.layout = layout;
    }

    public List<Installer.Step> uninstall() throws IOException {
        Path manifestFile = layout.onDisk(layout.manifest());
        var manifest = InstallManifest.read(manifestFile).orElseThrow(() -> new IOException(
                "nothing to uninstall: no install record at " + manifestFile + " (was it installed with another --prefix or --root?)"));
        var steps = new ArrayList<Installer.Step>();
        for (Path path : manifest.files().keySet()) {
            Path onDisk = layout.onDisk(path);
            if (!Files.exists(onDisk)) {
                steps.add(new Installer.Step(path, "already gone"));
            } else if (!manifest.unchanged(path, onDisk)) {
                steps.add(new Installer.Step(path, "kept (changed since install)"));
            } else {
                Files.delete(onDisk);
                steps.add(new Installer.Step(path, "removed"));
            }
        }
        Files.delete(manifestFile);
        try {
            Files.deleteIfExists(layout.onDisk(layout.libDir()));
        } catch (DirectoryNotEmptyException e) {
            steps.add(new Installer.Step(layout.libDir(), "kept (holds files scx4j did not install)"));
        }
        return steps;
    }
}
