package org.scx4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.scx4j.schedulers.Catalog;

class ListCommandTest {

    static String run(String... args) {
        var out = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out));
        assertThat(cmd.execute(args)).isZero();
        return out.toString();
    }

    @Test
    void listsEverySchedulerWithKindAndDescription() {
        String table = run("list");
        var lines = table.lines().toList();
        assertThat(lines.getFirst()).matches("NAME +KIND +DESCRIPTION");
        assertThat(lines).hasSize(Catalog.all().size() + 1);
        for (var e : Catalog.all()) {
            assertThat(lines).anySatisfy(l -> assertThat(l)
                    .matches(e.name() + " +" + e.kind() + " +\\Q" + e.description() + "\\E"));
        }
        assertThat(table).contains("scx_simple").contains("BPF");
    }

    @Test
    void jsonListsTheSame() throws Exception {
        List<Object> rows = JSON.std.listFrom(run("list", "--json"));
        assertThat(rows).hasSize(Catalog.all().size());
        var first = (Map<?, ?>) rows.getFirst();
        var entry = Catalog.all().getFirst();
        assertThat(first).isEqualTo(Map.of("name", entry.name(), "kind", entry.kind().name(), "description", entry.description()));
    }
}
