package org.scx4j.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.scx4j.schedulers.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code scx4j list}: every scheduler scx4j ships, with what it does and where its
 * decisions are made (BPF in the kernel, or Java), so users can pick one for
 * {@code run}, {@code try} or the service without reading the sources.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the schedulers scx4j ships: name, BPF or Java policy, and what each does.")
public final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of {name, kind, description} instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Catalog.Entry> entries = Catalog.all();
        if (json) {
            var rows = entries.stream().map(e -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", e.name());
                row.put("kind", e.kind().name());
                row.put("description", e.description());
                return row;
            }).toList();
            out.println(JSON.std.asString(rows));
        } else {
            int width = Math.max("NAME".length(), entries.stream().mapToInt(e -> e.name().length()).max().orElse(0));
            String format = "%-" + width + "s  %-4s  %s%n";
            out.printf(format, "NAME", "KIND", "DESCRIPTION");
            for (var e : entries) {
                out.printf(format, e.name(), e.kind().name(), e.description());
            }
        }
        out.flush();
        return 0;
    }
}
