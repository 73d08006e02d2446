#!/usr/bin/env bash
# Proves every generated national half year, seeds 1-10 (or those given), with the default
# options, and checks each run with `kansrijk check`. Prints one Markdown table row per seed:
# wall time of `match`, status, gap, and what `check` says about the proof. Exits 1 when a run
# is not proven within its gap or `check` does not agree. Too slow for `cargo test` (about 10 s
# a seed); the table in docs/development.md (Measurements) comes from it.
#
#   cargo build --release && scripts/halfjaar-bewijs.sh [SEED...]
set -euo pipefail

bin="${KANSRIJK:-target/release/kansrijk}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
seeds=("$@")
[ ${#seeds[@]} -gt 0 ] || seeds=(1 2 3 4 5 6 7 8 9 10)

fout=0
echo "| seed | match (s) | status | gap | check | bewijs |"
echo "|---|---|---|---|---|---|"
for s in "${seeds[@]}"; do
    "$bin" generate --preset halfjaar --seed "$s" --out "$tmp/d$s" >/dev/null 2>&1
    begin=$(date +%s.%N)
    "$bin" match --data "$tmp/d$s" --out "$tmp/o$s" --quiet || true
    eind=$(date +%s.%N)
    read -r status gap < <(python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["oplossing"]; print(o["status"], "%.3g" % o["gap"])' "$tmp/o$s/rapport.json")
    if "$bin" check --out "$tmp/o$s" >"$tmp/c$s" 2>&1; then check=klopt; else check="KLOPT NIET"; fout=1; fi
    bewijs=$(sed -n 's/^- Bewijs: \([^.]*\)\..*/\1/p' "$tmp/c$s")
    [ "$status" = optimaal ] || fout=1
    printf '| %s | %.1f | %s | %s | %s | %s |\n' "$s" "$(echo "$eind - $begin" | bc)" "$status" "$gap" "$check" "$bewijs"
done
exit $fout
