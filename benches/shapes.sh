#!/usr/bin/env bash
# Scaling check on several shapes of repository (benches/gen_shapes.py):
# renders each shape at N and 4N with rustomize, prints user CPU seconds (best
# of 3) and the ratio (linear ~ 4x; ratios above 6x are flagged), and checks
# the output at a small size is byte-identical to `kubectl kustomize`.
#
#   benches/shapes.sh [N]               default N=2500 (timer resolution is 10 ms)
#   SHAPES=wide,deep SMALL=20 benches/shapes.sh 500
#   NO_BUILD=1 benches/shapes.sh        use the existing binary
#   MEASURE=instructions benches/shapes.sh
#                                       count instructions with valgrind's
#                                       callgrind (one thread; repeatable,
#                                       unlike CPU time on a shared machine;
#                                       ratios above 4.4x are flagged)
#
# Trees are kept under target/shape-trees/<N>/.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2500}
small=${SMALL:-20}
shapes=${SHAPES:-wide,deep,generators,components,replacements,vars,targets}
[ -n "${NO_BUILD:-}" ] || cargo build --release --example rustomize -q
bin=$PWD/target/release/examples/rustomize
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

tree() { # SIZE SHAPE -> dir holding that shape at that size (generated once)
  local d=target/shape-trees/$1
  if [ ! -f "$d/.done-$2" ]; then
    rm -rf "${d:?}/$2"
    python3 benches/gen_shapes.py --n "$1" --out "$d" --shapes "$2" >/dev/null
    touch "$d/.done-$2"
  fi
  echo "$d/$2"
}

instructions() { # DIR -> millions of instructions of one single-threaded run
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" build --threads 1 "$1" \
    >/dev/null 2>"$tmp/cg" || { echo "rustomize failed on $1: $(cat "$tmp/cg")" >&2; exit 1; }
  awk '/refs:/ { gsub(",", "", $NF); printf "%.1f", $NF / 1e6 }' "$tmp/cg"
}

best_user() { # DIR -> best user CPU seconds of 3 runs
  local best=""
  for _ in 1 2 3; do
    /usr/bin/time -f %U -o "$tmp/t" "$bin" build "$1" >/dev/null 2>"$tmp/err" ||
      { echo "rustomize failed on $1: $(cat "$tmp/err")" >&2; exit 1; }
    local t
    t=$(tail -1 "$tmp/t")
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; fi
  done
  echo "$best"
}

have_kubectl=""
command -v kubectl >/dev/null && have_kubectl=1

measure=${MEASURE:-user}
case $measure in
  user) unit=user_s limit=6 ;;
  instructions) unit=Minstr limit=4.4 ;;
  *) echo "MEASURE must be user or instructions" >&2; exit 2 ;;
esac
printf '%-13s %6s %9s %6s %9s %7s %9s %s\n' shape N "$unit" 4N "$unit" ratio out_KB "identical@$small"
status=0
for s in ${shapes//,/ }; do
  d1=$(tree "$n" "$s")
  d4=$(tree $((4 * n)) "$s")
  if [ "$measure" = instructions ]; then
    t1=$(instructions "$d1")
    t4=$(instructions "$d4")
  else
    t1=$(best_user "$d1")
    t4=$(best_user "$d4")
  fi
  ratio=$(awk -v a="$t1" -v b="$t4" 'BEGIN{ if (a < 0.01) a = 0.01; printf "%.1f", b / a }')
  flag=""
  if awk -v r="$ratio" -v l="$limit" 'BEGIN{exit !(r > l)}'; then flag=" SUPERLINEAR"; status=1; fi
  kb=$(( $("$bin" build "$d4" 2>/dev/null | wc -c) / 1024 ))
  same="-"
  if [ -n "$have_kubectl" ]; then
    ds=$(tree "$small" "$s")
    kubectl kustomize "$ds" >"$tmp/k" 2>/dev/null || true
    "$bin" build "$ds" >"$tmp/r" 2>/dev/null || true
    if cmp -s "$tmp/k" "$tmp/r"; then same=yes; else same=NO; status=1; fi
  fi
  printf '%-13s %6s %9s %6s %9s %6sx %9s %s%s\n' "$s" "$n" "$t1" $((4 * n)) "$t4" "$ratio" "$kb" "$same" "$flag"
done
exit $status
