# Sourced by ./spoc and .ci/run: export JAVA_HOME pointing at a JDK 21 or newer.
# Keeps JAVA_HOME when it already is one; otherwise looks in the usual places.
spoc_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1
}
spoc_select_jdk() {
    local candidate major
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
        /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
        [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
        major=$(spoc_java_major "$candidate")
        if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ] 2>/dev/null; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "SPOC needs a JDK 21 or newer; none found. Install one and set JAVA_HOME." >&2
    return 1
}
spoc_select_jdk
