package org.scx4j.schedulers.layered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.scx4j.schedulers.layered.RuleEncoding.RuleKind;
import org.scx4j.schedulers.layered.config.ConfigException;
import org.scx4j.schedulers.layered.config.ExampleConfig;
import org.scx4j.schedulers.layered.config.LayerSpecs;

/** The rules as the BPF side reads them. */
class RuleEncodingTest {
    @Test
    void theExampleBecomesGroupsOfRulesInLayerOrder() {
        RuleEncoding e = RuleEncoding.of(ExampleConfig.CONFIG);
        // batch: [cgroup], [nice>0]; immediate: [cgroup, nice<0]; stress-ng: [comm], [pcomm]; normal: []
        assertThat(e.groupLayer()).containsExactly(0, 0, 1, 2, 2, 3);
        assertThat(e.groupFirst()).containsExactly(0, 1, 2, 4, 5, 6);
        assertThat(e.groupLen()).containsExactly(1, 1, 2, 1, 1, 0);
        assertThat(e.kind()).containsExactly(RuleKind.CGROUP.ordinal(), RuleKind.NICE_ABOVE.ordinal(),
                RuleKind.CGROUP.ordinal(), RuleKind.NICE_BELOW.ordinal(), RuleKind.COMM_PREFIX.ordinal(),
                RuleKind.PCOMM_PREFIX.ordinal());
        assertThat(e.value()).as("cgroup rules get bits 0 and 1; numbers are themselves").containsExactly(0, 0, 1, 0, 0, 0);
        assertThat(new String(e.text()[4], StandardCharsets.UTF_8)).isEqualTo("stress-ng");
        assertThat(e.cgroupRules()).extracting(m -> m.text()).containsExactly("system.slice/", "workload.slice/");
    }

    @Test
    void flagsAndIdsAreNumbers() {
        RuleEncoding e = RuleEncoding.of(LayerSpecs.load(List.of("""
                [{"name": "k", "matches": [[{"IsKthread": true}, {"UIDEquals": 1000}], [{"IsGroupLeader": false}]],
                  "kind": {"Open": {}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]"""), false));
        assertThat(e.kind()).containsExactly(RuleKind.KTHREAD.ordinal(), RuleKind.UID.ordinal(), RuleKind.GROUP_LEADER.ordinal());
        assertThat(e.value()).containsExactly(1, 1000, 0);
    }

    @Test
    void whatATaskIsMatchedAgainOnFollowsTheRulesKinds() {
        RuleEncoding example = RuleEncoding.of(ExampleConfig.CONFIG), ids = RuleEncoding.of(LayerSpecs.load(List.of("""
                [{"name": "u", "matches": [[{"GIDEquals": 5}], [{"PPIDEquals": 1}]], "kind": {"Open": {}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]"""), false));
        assertThat(example.reads(RuleKind.PCOMM_PREFIX, RuleKind.PCOMM_EXCLUDE, RuleKind.PPID)).as("PcommPrefix").isTrue();
        assertThat(example.reads(RuleKind.UID, RuleKind.GID)).isFalse();
        assertThat(example.reads(RuleKind.AVG_RUNTIME)).isFalse();
        assertThat(ids.reads(RuleKind.UID, RuleKind.GID)).isTrue();
        assertThat(ids.reads(RuleKind.PPID)).isTrue();
        assertThat(ids.reads(RuleKind.COMM_PREFIX)).isFalse();
    }

    @Test
    void avgRuntimeIsARangeOfMicroseconds() {
        RuleEncoding e = RuleEncoding.of(LayerSpecs.load(List.of("""
                [{"name": "short", "matches": [[{"AvgRuntime": [0, 1000]}]], "kind": {"Open": {}}},
                 {"name": "rest", "matches": [[]], "kind": {"Open": {}}}]"""), false));
        assertThat(e.kind()).containsExactly(RuleKind.AVG_RUNTIME.ordinal());
        assertThat(e.value()).containsExactly(0);
        assertThat(e.end()).containsExactly(1000);
    }

    @Test
    void moreCgroupRulesThanBitsAreRefusedNamingTheLayer() {
        StringBuilder groups = new StringBuilder();
        for (int g = 0; g < 3; g++) { // 3 groups of 22 AND-ed rules: 66 cgroup rules
            groups.append(g == 0 ? "[" : ", [");
            for (int r = 0; r < 22; r++) groups.append(r == 0 ? "" : ", ").append("{\"CgroupContains\": \"c").append(r).append("\"}");
            groups.append(']');
        }
        var config = LayerSpecs.load(List.of("[{\"name\": \"many\", \"matches\": [" + groups + "], \"kind\": {\"Open\": {}}},"
                + " {\"name\": \"rest\", \"matches\": [[]], \"kind\": {\"Open\": {}}}]"), false);
        assertThatThrownBy(() -> RuleEncoding.of(config)).isInstanceOf(ConfigException.class)
                .hasMessage("layer \"many\" / matches[2][20].CgroupContains: more than 64 cgroup rules in all");
    }
}
