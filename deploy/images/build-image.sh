#!/usr/bin/env bash
# Builds one SPOC image as an OCI/Docker tarball with Jib, without a Docker daemon or a registry:
# base `scratch`, plus the runtime layer of build-runtime.sh (jlinked JDK + glibc + passwd), plus the
# service's dependencies/resources/classes layers. Non-root (65532); JAVA_TOOL_OPTIONS sizes the heap from the
# container's memory limit (-XX:MaxRAMPercentage=70), and a Deployment/compose file may override it.
#   deploy/images/build-image.sh ticket-service [tag]        -> <module>/target/jib-image.tar
# Push instead of a tarball: GOAL=build TO=registry.example.org/spoc/ticket-service deploy/images/build-image.sh ticket-service 0.1.0
# The module must be compiled (target/classes); pass COMPILE=1 to run `compile` first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
module="$1"; tag="${2:-0.1.0}"
jib="com.google.cloud.tools:jib-maven-plugin:${JIB_VERSION:-3.4.6}"
case "$module" in
  ticket-service) main=org.spoc.ticket.TicketServiceApplication ;;
  escalation-service) main=org.spoc.escalation.EscalationServiceApplication ;;
  problem-service) main=org.spoc.problem.ProblemServiceApplication ;;
  knowledge-service) main=org.spoc.knowledge.KnowledgeServiceApplication ;;
  notification-service) main=org.spoc.notification.NotificationServiceApplication ;;
  gateway) main=org.spoc.gateway.GatewayApplication ;;
  *) echo "unknown module $module" >&2; exit 2 ;;
esac
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
"$here/build-runtime.sh" >/dev/null
cd "$root"
./mvnw -q -B ${MAVEN_OFFLINE:+-o} -pl "$module" ${COMPILE:+compile} "$jib:${GOAL:-buildTar}" \
  -Djib.from.image=scratch \
  -Djib.to.image="${TO:-spoc/$module}:$tag" \
  -Djib.container.user=65532:65532 \
  -Djib.container.workingDirectory=/tmp \
  -Djib.container.environment="JAVA_HOME=/opt/java,PATH=/opt/java/bin,LANG=C.UTF-8,JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=50 -XX:+ExitOnOutOfMemoryError" \
  -Djib.container.entrypoint="/opt/java/bin/java,-cp,@/app/jib-classpath-file,$main" \
  -Djib.container.creationTime=USE_CURRENT_TIMESTAMP \
  -Djib.extraDirectories.paths="$here/target/spoc-runtime" \
  -Djib.extraDirectories.permissions='/opt/java/bin/*=755,/opt/java/lib/jspawnhelper=755,/opt/java/lib/jexec=755,/lib64/*=755,/lib/x86_64-linux-gnu/*=755,/tmp=777' \
  -Djib.outputPaths.tar="$root/$module/target/jib-image.tar"
ls -l "$root/$module/target/jib-image.tar" 2>/dev/null | awk '{printf "%s: %.1f MB\n", $9, $5/1048576}'
