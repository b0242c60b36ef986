#!/usr/bin/env bash
# Records one real `apt-get install` as a changeset: the package is installed into a throw-away
# overlay over a Debian root made by debootstrap, and the files the install created or changed
# (the overlay's upper directory: exactly what a snapshot diff or an image layer holds) are written
# as a plain path list, with the packages dpkg installed and their versions beside it.
#
#   record.sh --base DIR [--slim-layer DIR] --out DIR [--recommends] [--style full|slim] PACKAGE
#
# full: a live machine (apt's downloaded .debs kept, documentation installed);
# slim: as slim container images are built (dpkg path-exclude for docs/man/locale, apt cache cleaned),
#       the --slim-layer directory holding that configuration (setup.sh writes it).
# Services never start (policy-rc.d in the base). Nothing of the install is kept but the lists.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base='' slim='' out='' recommends=0 style=full
while [ $# -gt 1 ]; do
  case "$1" in
    --base) base=$2; shift 2 ;;
    --slim-layer) slim=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --style) style=$2; shift 2 ;;
    --recommends) recommends=1; shift ;;
    *) echo "record.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
pkg=${1:?usage: record.sh --base DIR --out DIR [--style full|slim] [--recommends] PACKAGE}
[ -d "$base" ] || { echo "record.sh: --base $base is not a directory (run setup.sh)" >&2; exit 2; }
name="$pkg"
[ "$recommends" = 1 ] && name="$pkg+recommends"
work=$(mktemp -d "${TMPDIR:-/tmp}/praxi-record.XXXXXX")
mkdir -p "$work/upper" "$work/work" "$work/root" "$out/$style"
lower=$base
[ "$style" = slim ] && lower="$slim:$base"

cleanup() {
  unmount_root "$work/root"
  rm -rf "$work"
}
trap cleanup EXIT

mount_root "$lower" "$work/upper" "$work/work" "$work/root"
installed_packages "$work/root" > "$work/before"
flags=()
[ "$recommends" = 1 ] || flags+=(--no-install-recommends)
if ! apt_install "$work/root" "$work/apt.log" "${flags[@]}" "$pkg"; then
  echo "record.sh: apt-get install $pkg failed:" >&2
  tail -n 5 "$work/apt.log" >&2
  exit 1
fi
installed_packages "$work/root" > "$work/after"
unmount_root "$work/root"
upper_paths "$work/upper" > "$out/$style/$name.txt"
comm -13 "$work/before" "$work/after" > "$work/new"
node -e '
  const fs = require("fs");
  const [newFile, outFile, requested, style, recommends, count] = process.argv.slice(1);
  const installed = fs.readFileSync(newFile, "utf8").trim().split("\n").filter(Boolean).map((l) => {
    const [name, arch, version] = l.split("\t");
    return {name, arch, version};
  });
  const meta = {requested, style, recommends: recommends === "1", paths: Number(count), installed};
  fs.writeFileSync(outFile, JSON.stringify(meta, null, 1) + "\n");
' "$work/new" "$out/$style/$name.json" "$pkg" "$style" "$recommends" "$(wc -l < "$out/$style/$name.txt")"
echo "recorded $style/$name: $(wc -l < "$out/$style/$name.txt") paths, $(wc -l < "$work/new") packages"
