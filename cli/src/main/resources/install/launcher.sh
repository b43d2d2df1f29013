#!/bin/sh
# {{NAME}}: installed by scx4j install; runs it from the scx4j jar.
# SCX4J_JAVA picks another Java 25 or newer. The class path and main class rather than -jar:
# the JVM then does not read the jar's directory and manifest before main, where its start-up
# cache already holds the classes.
{{CACHE}}exec "${SCX4J_JAVA:-{{JAVA}}}" {{JVM_OPTIONS}}--enable-native-access=ALL-UNNAMED -cp '{{JAR}}' {{MAIN}} {{COMMAND}} "$@"
