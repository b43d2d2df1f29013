package org.scx4j.cli.install;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The text files {@code scx4j install} writes (unit, default config, launcher),
 * kept as resources under {@code /install/} so they read as the files they become;
 * {@code {{NAME}}} placeholders are filled here and an unfilled one is an error.
 */
public final class InstallTemplates {

    private InstallTemplates() {}

    /** The resource {@code /install/NAME} with every {@code {{KEY}}} replaced. */
    public static String fill(String name, Map<String, String> values) {
        String text;
        try (InputStream in = InstallTemplates.class.getResourceAsStream("/install/" + name)) {
            if (in == null) {
                throw new IllegalStateException("template /install/" + name + " is missing from the jar: rebuild scx4j");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template /install/" + name, e);
        }
        for (var e : values.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        int left = text.indexOf("{{");
        if (left >= 0) {
            throw new IllegalStateException("template /install/" + name + " has an unfilled placeholder: "
                    + text.substring(left, Math.min(text.length(), left + 30)));
        }
        return text;
    }
}
