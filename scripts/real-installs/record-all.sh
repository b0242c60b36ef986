#!/usr/bin/env bash
# Re-records the real validation set (docs/bundled-model.md, "Real installs"):
#   bash scripts/real-installs/setup.sh /work/rec        # once: debootstrap a bookworm root
#   bash scripts/real-installs/record-all.sh /work/rec data/validation/real
# Every package of packages.txt is recorded once without Recommends, alternately in the full
# (live machine) and slim (container image) style; those marked `recommends` once more with them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rec=${1:?usage: record-all.sh REC_DIR OUT_DIR}
out=${2:?usage: record-all.sh REC_DIR OUT_DIR}
jobs=${JOBS:-3}
i=0
while read -r pkg flag; do
  case "$pkg" in ''|'#'*) continue ;; esac
  style=full
  [ $((i % 2)) = 1 ] && style=slim
  i=$((i + 1))
  # Already recorded (a resumed run) are skipped.
  [ -e "$out/$style/$pkg.json" ] || echo "--style $style $pkg"
  if [ "$flag" = recommends ] && [ ! -e "$out/full/$pkg+recommends.json" ]; then echo "--style full --recommends $pkg"; fi
done < "$here/packages.txt" |
  xargs -P "$jobs" -L 1 bash -c '"$0" --base "$1/base" --slim-layer "$1/slimcfg" --out "$2" "${@:3}" || true' "$here/record.sh" "$rec" "$out"
