# Sourced by ./spoc, bench/run and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Keeps JAVA_HOME when it already is one; otherwise takes the first JDK 21+ under /usr/lib/jvm.

# The major version of the JDK at $1 (from its release file, else from java -version); 0 if none.
spoc_java_major() {
    local home="$1" version=""
    [ -x "$home/bin/java" ] || { echo 0; return; }
    if [ -f "$home/release" ]; then
        version="$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$home/release")"
    fi
    if [ -z "$version" ]; then
        version="$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -1)"
    fi
    echo "${version:-0}"
}

spoc_select_jdk() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
        if [ -n "$candidate" ] && [ "$(spoc_java_major "$candidate")" -ge 21 ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "SPOC needs a JDK 21 or newer. Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it." >&2
    return 1
}

spoc_select_jdk
