package org.scx4j.schedulers.layered;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scx4j.schedulers.layered.config.Match;
import org.scx4j.schedulers.layered.config.MatchKind;

/** Cgroup rules against paths, and a directory tree resolved to inode numbers. */
class CgroupRulesTest {
    static final CgroupRules RULES = new CgroupRules(List.of(new Match.Text(MatchKind.CgroupPrefix, "batch.slice"),
            new Match.Text(MatchKind.CgroupSuffix, ".service/"), new Match.Text(MatchKind.CgroupContains, "web"),
            new Match.Text(MatchKind.CgroupRegex, "^system\\.slice/[a-z]+d\\.service/$")));

    @Test
    void eachRuleIsABit() {
        assertThat(RULES.bits("/")).isZero();
        assertThat(RULES.bits("batch.slice/")).isEqualTo(0b0001);
        assertThat(RULES.bits("system.slice/sshd.service/")).isEqualTo(0b1010);
        assertThat(RULES.bits("system.slice/webapp.service/")).isEqualTo(0b0110);
    }

    @Test
    void theCgroupCountComesFromTheRootsCgroupStat(@TempDir Path root) throws IOException {
        assertThat(CgroupRules.descendants(root)).as("no cgroup.stat").isEqualTo(-1);
        Files.writeString(root.resolve("cgroup.stat"), "nr_descendants 42\nnr_dying_descendants 3\n");
        assertThat(CgroupRules.descendants(root)).isEqualTo(42);
    }

    @Test
    void aScanFindsTheMatchingCgroupsByInode(@TempDir Path root) throws IOException {
        Path batch = Files.createDirectories(root.resolve("batch.slice/job1"));
        Path sshd = Files.createDirectories(root.resolve("system.slice/sshd.service"));
        Files.createDirectories(root.resolve("user.slice"));
        Files.writeString(root.resolve("batch.slice/cgroup.procs"), "");
        Map<Long, Long> found = new HashMap<>();
        RULES.scan(root, found);
        assertThat(found).containsOnly(Map.entry(inode(batch.getParent()), 0b0001L), Map.entry(inode(batch), 0b0001L),
                Map.entry(inode(sshd), 0b1010L));
    }

    private static long inode(Path dir) throws IOException {
        return ((Number) Files.getAttribute(dir, "unix:ino")).longValue();
    }
}
