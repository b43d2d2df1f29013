#!/bin/sh
# {{NAME}}: installed by scx4j install; runs it from the scx4j jar.
# SCX4J_JAVA picks another Java 25 or newer.
exec "${SCX4J_JAVA:-{{JAVA}}}" {{JVM_OPTIONS}}--enable-native-access=ALL-UNNAMED -jar '{{JAR}}' {{COMMAND}} "$@"
