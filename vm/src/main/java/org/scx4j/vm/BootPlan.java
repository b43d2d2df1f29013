package org.scx4j.vm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything decided before qemu starts: the kernel and initramfs, the run folder
 * (its ctl/ part is the guest's control share, holding boot.env and each command's
 * files), the writable shares and the accelerator; and from these, qemu's command line.
 *
 * @param mode "agent" (commands from the host) or "shell" (interactive, on the console)
 */
record BootPlan(VmOptions options, Kernel kernel, Path initramfs, Path runDir, List<Path> shares,
                Accelerator accelerator, String mode) {

    static final String QEMU = "qemu-system-x86_64";
    static final String AGENT_PORT = "org.scx4j.agent";

    static BootPlan prepare(VmOptions options, KernelCache cache, Progress progress, String mode) {
        Kernel kernel = cache.kernel(options.kernel(), progress);
        Path initramfs = Initramfs.forKernel(cache, kernel, progress);
        List<Path> shares = shares(options);
        removeAbandonedRunDirs(Path.of(System.getProperty("java.io.tmpdir")));
        try {
            Path run = Files.createTempDirectory("scx4j-vm-");
            Files.createDirectories(run.resolve("ctl"));
            BootPlan plan = new BootPlan(options, kernel, initramfs, run, shares, Accelerator.detect(cache.root(), options.vcpuThreads()), mode);
            Files.writeString(run.resolve("ctl/boot.env"), plan.bootEnv());
            return plan;
        } catch (IOException e) {
            throw new VmException("cannot create the VM's run folder under " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
    }

    Path ctlDir() {
        return runDir.resolve("ctl");
    }

    Path agentSocket() {
        return runDir.resolve("agent.sock");
    }

    List<String> qemuArgv() {
        List<String> a = new ArrayList<>(List.of(QEMU, "-machine", "q35"));
        a.addAll(accelerator.qemuArgs);
        a.addAll(options.topology().qemuArgs(options.memoryMiB()));
        a.addAll(List.of("-m", options.memoryMiB() + "M",
                "-no-reboot", "-nodefaults", "-display", "none", "-monitor", "none",
                "-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console",
                "-kernel", kernel.bootImage().toString(), "-initrd", initramfs.toString(),
                // A kernel oops panics and so ends qemu at once (-no-reboot): a guest whose kernel
                // broke would otherwise limp on without answering, until every command timed out.
                "-append", "console=ttyS0 rdinit=/init oops=panic panic=-1 no_timer_check quiet loglevel=3",
                "-pidfile", runDir.resolve("qemu.pid").toString()));
        virtfs(a, Path.of("/"), "scx4j.root", true);
        virtfs(a, ctlDir(), "scx4j.ctl", false);
        for (int i = 0; i < shares.size(); i++) virtfs(a, shares.get(i), "scx4j.s" + i, false);
        a.addAll(List.of("-device", "virtio-serial-pci",
                "-chardev", "socket,id=agent,path=" + agentSocket() + ",server=on,wait=off",
                "-device", "virtserialport,chardev=agent,name=" + AGENT_PORT));
        return a;
    }

    private static void virtfs(List<String> a, Path dir, String tag, boolean readOnly) {
        if (dir.toString().contains(",")) throw new VmException("cannot share " + dir + ": qemu does not accept ',' in a shared path");
        a.add("-virtfs");
        a.add("local,path=" + dir + ",mount_tag=" + tag + ",security_model=none,multidevs=remap" + (readOnly ? ",readonly=on" : ""));
    }

    private String bootEnv() {
        StringBuilder shareLines = new StringBuilder();
        for (int i = 0; i < shares.size(); i++) shareLines.append("scx4j.s").append(i).append(' ').append(shares.get(i)).append('\n');
        String term = System.getenv().getOrDefault("TERM", "linux");
        return "SCX4J_MODE=" + Shell.quote(mode) + "\n"
                + "SCX4J_TERM=" + Shell.quote(term.isBlank() || term.equals("dumb") ? "linux" : term) + "\n"
                + "SCX4J_CWD=" + Shell.quote(System.getProperty("user.dir")) + "\n"
                + "SCX4J_SHARES=" + Shell.quote(shareLines.toString()) + "\n"
                + "SCX4J_STTY=" + Shell.quote(mode.equals("shell") ? terminalSize() : "") + "\n"
                + "SCX4J_BIN=" + Shell.quote(launchersDir().map(Path::toString).orElse("")) + "\n";
    }

    /**
     * The {@code bin/} folder of the scx4j tree this code runs from, or else of the one the
     * current folder is in (the folder holding its {@code scx_NAME} launchers), for the
     * guest's PATH; empty for an installed jar, whose launchers are on the system PATH.
     */
    static java.util.Optional<Path> launchersDir() {
        List<Path> starts = new ArrayList<>();
        try {
            starts.add(Path.of(BootPlan.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source (an unusual class loader): only the current folder is searched
        }
        starts.add(Path.of(System.getProperty("user.dir")).toAbsolutePath());
        for (Path start : starts) {
            for (Path p = start; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("bin/scx_launcher"))) return java.util.Optional.of(p.resolve("bin"));
            }
        }
        return java.util.Optional.empty();
    }

    /** "rows R cols C" of this terminal, for the guest shell's serial line (which cannot ask); "" when unknown. */
    private static String terminalSize() {
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new java.io.File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String[] rc = new String(p.getInputStream().readAllBytes()).strip().split(" ");
            return p.waitFor() == 0 && rc.length == 2 ? "rows " + rc[0] + " cols " + rc[1] : "";
        } catch (IOException | RuntimeException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * Removes run folders of VMs whose JVM was killed (their qemu is gone too; see QemuProcess):
     * an hour old, and without a live qemu's pid file (qemu removes it when it exits cleanly).
     */
    static void removeAbandonedRunDirs(Path tmp) {
        long cutoff = System.currentTimeMillis() - 3_600_000;
        try (var dirs = Files.newDirectoryStream(tmp, "scx4j-vm-*")) {
            for (Path d : dirs) {
                Path pidFile = d.resolve("qemu.pid");
                if (Files.getLastModifiedTime(d).toMillis() > cutoff) continue;
                long pid = Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
                if (pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                KernelCache.deleteTree(d);
            }
        } catch (IOException | RuntimeException ignored) {
            // leftovers only cost a little space in the temporary folder
        }
    }

    /** The project folder (the git top-level of the current folder) plus the options' shares, parents first. */
    static List<Path> shares(VmOptions options) {
        Set<Path> all = new LinkedHashSet<>();
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                all.add(p);
                break;
            }
        }
        for (Path s : options.shares()) {
            if (!Files.isDirectory(s)) throw new VmException("cannot share " + s + ": it is not a folder");
            if (s.getNameCount() == 0) throw new VmException("cannot share / writable: the guest's root is already the host's /");
            if (s.toString().contains("\n")) throw new VmException("cannot share " + s + ": a newline in the path");
            all.add(s);
        }
        return all.stream().sorted(Comparator.comparingInt(Path::getNameCount)).toList();
    }
}
