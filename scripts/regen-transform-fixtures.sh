#!/usr/bin/env bash
# Regenerate the expected output of the transformer fixtures with the
# reference renderer (`kubectl kustomize`, Kustomize v5.5.0):
#   fixtures/transform/<case>  ->  fixtures/transform/expected/<case with / as ->.yaml
# Cases that must fail get an empty expected/<case>.error file instead.
# tests/transform_fixtures.rs lists the cases and compares byte for byte.
# Usage: scripts/regen-transform-fixtures.sh   (needs kubectl on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v kubectl >/dev/null || { echo "kubectl not found" >&2; exit 1; }
root=fixtures/transform
mkdir -p "$root/expected"
rm -f "$root"/expected/*
for k in $(find "$root" -name kustomization.yaml -not -path "*/expected/*" | sort); do
  dir=$(dirname "$k")
  case=${dir#"$root"/}
  # Only build the roots listed in cases.txt (bases are built through them).
  grep -qx "$case" "$root/cases.txt" || continue
  name=${case//\//-}
  if kubectl kustomize "$dir" >"$root/expected/$name.yaml.tmp" 2>/dev/null; then
    mv "$root/expected/$name.yaml.tmp" "$root/expected/$name.yaml"
  else
    rm -f "$root/expected/$name.yaml.tmp"
    : >"$root/expected/$name.error"
  fi
  echo "$case"
done
