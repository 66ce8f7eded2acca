#!/usr/bin/env bash
# Regenerate the expected output of every fixture build with the reference
# renderer (`kubectl kustomize`, Kustomize v5.5.0):
#   fixtures/gitops/base/<svc>        -> fixtures/gitops/expected/base-<svc>.yaml
#   fixtures/gitops/overlays/<name>   -> fixtures/gitops/expected/<name>.yaml
# tests/fixtures.rs compares rustomize's output with these files byte for byte.
# Usage: scripts/regen-fixtures.sh   (needs kubectl on PATH; no cluster access)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kubectl >/dev/null || { echo "kubectl not found" >&2; exit 1; }
kubectl version --client 2>/dev/null | grep -q 'Kustomize Version: v5.5.0' ||
  echo "warning: kubectl does not embed Kustomize v5.5.0; outputs may differ" >&2

repo=fixtures/gitops
mkdir -p "$repo/expected"
for dir in "$repo"/base/* "$repo"/overlays/*; do
  [ -f "$dir/kustomization.yaml" ] || continue
  name=$(basename "$dir")
  case "$dir" in
    "$repo"/base/*) out="$repo/expected/base-$name.yaml" ;;
    *) out="$repo/expected/$name.yaml" ;;
  esac
  # Warnings (deprecated fields) go to stderr; only stdout is the expectation.
  kubectl kustomize "$dir" >"$out.tmp" 2>/dev/null
  mv "$out.tmp" "$out"
  echo "wrote $out"
done
