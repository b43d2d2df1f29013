package org.scx4j.schedulers;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** What {@code -V} prints for a scheduler: the scx4j release it ships in (from the build's version resource). */
public final class SchedulerVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        Properties p = new Properties();
        try (InputStream in = SchedulerVersion.class.getResourceAsStream("/scx4j-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // fall through to "unknown"
        }
        return new String[] {"${COMMAND-FULL-NAME} (scx4j " + p.getProperty("version", "unknown") + ")"};
    }
}
