#!/usr/bin/env bash
# Installs kubectl 1.32.4 (with its built-in kustomize) for the deploy/k8s tests, idempotently.
# Debian's own package (kubernetes-client) is 1.20, whose kustomize cannot render our overlays
# (no `labels`, no inline JSON6902 patches with targets), so this takes the upstream release binary and
# checks its published SHA-256. Nothing happens when a kubectl >= 1.27 is already on PATH.
set -euo pipefail
version="${KUBECTL_VERSION:-v1.32.4}"
dest="${1:-/usr/local/bin}"
if command -v kubectl >/dev/null 2>&1; then
  minor="$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -1)"
  if [[ -n "$minor" && "$minor" -ge 27 ]]; then echo "kubectl already installed: $(command -v kubectl) (1.$minor)"; exit 0; fi
fi
arch="$(uname -m)"; case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
curl -fsSLo "$tmp/kubectl" "https://dl.k8s.io/release/$version/bin/linux/$arch/kubectl"
curl -fsSLo "$tmp/kubectl.sha256" "https://dl.k8s.io/release/$version/bin/linux/$arch/kubectl.sha256"
echo "$(cat "$tmp/kubectl.sha256")  $tmp/kubectl" | sha256sum --check --status
install -m 0755 "$tmp/kubectl" "$dest/kubectl"
"$dest/kubectl" version --client
