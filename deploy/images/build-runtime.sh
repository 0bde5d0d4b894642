#!/usr/bin/env bash
# Builds the runtime layer every SPOC image carries on top of `scratch`: a jlinked Java runtime under
# /opt/java, the glibc it links against (ld-linux, libc, libm, libz...), a CA-free /etc/passwd entry for
# the non-root user 65532, and an empty /tmp. Idempotent: does nothing when the layer exists and the
# JDK has not changed. Usage: deploy/images/build-runtime.sh [output-dir]   (default deploy/images/target/spoc-runtime)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$here/target/spoc-runtime}"
jdk="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
modules="java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,\
java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.transaction.xa,java.xml,jdk.crypto.cryptoki,jdk.httpserver,jdk.jfr,jdk.management,\
jdk.management.agent,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs"
stamp="$("$jdk/bin/java" -version 2>&1 | tr '\n' ' ') $modules $(cksum < "$here/health/Health.java")"
if [[ -f "$out/.stamp" && "$(cat "$out/.stamp")" == "$stamp" ]]; then
  echo "runtime layer up to date: $out"; exit 0
fi
rm -rf "$out"; mkdir -p "$out/opt" "$out/tmp" "$out/etc"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress=zip-6 --output "$out/opt/java"
# the shared libraries the runtime needs, found by the loader itself (ldd), copied with their paths
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) ! -name 'libawt_xawt.so' ! -name 'libjsound.so' ! -name 'libsplashscreen.so' ! -name 'libjawt.so' -print0 \
  | xargs -0 ldd 2>/dev/null | grep -o '/[^ ]*\.so[^ ]*' | sort -u | while read -r lib; do
      [[ "$lib" == "$out"* ]] && continue
      mkdir -p "$out$(dirname "$lib")"; cp -L "$lib" "$out$lib"
    done
# the dynamic loader at its canonical path (/lib64 is a symlink on Debian: copy the file there too)
mkdir -p "$out/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$out/lib64/"
printf 'root:x:0:0:root:/root:/sbin/nologin\nspoc:x:65532:65532:spoc:/tmp:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\nspoc:x:65532:\n' > "$out/etc/group"
# the health check the images run without a shell: /opt/java/bin/java -cp /opt/spoc Health <url>
mkdir -p "$out/opt/spoc"; "$jdk/bin/javac" --release 21 -d "$out/opt/spoc" "$here/health/Health.java"
echo "$stamp" > "$out/.stamp"
du -sh "$out" | awk '{print "runtime layer: " $1 " in " $2}'
