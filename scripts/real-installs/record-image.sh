#!/usr/bin/env bash
# Builds a real multi-layer image without a container engine: each layer is one `apt-get install`
# into an overlay stacked on the previous layers (over the debootstrap root of setup.sh, slim
# configuration as container images use), saved as a `docker save` tarball whose layers hold the
# files each install created or changed, with `created_by` history. Also writes each layer's path
# list and installed packages (the committed validation data).
#   record-image.sh REC_DIR OUT_DIR NAME PACKAGE [PACKAGE...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rec=${1:?usage: record-image.sh REC_DIR OUT_DIR NAME PACKAGE...}
out=${2:?}
name=${3:?}
shift 3
work=$(mktemp -d "${TMPDIR:-/tmp}/praxi-image.XXXXXX")
mkdir -p "$out/images" "$work/image"
lower="$rec/slimcfg:$rec/base"
current=''
cleanup() {
  [ -n "$current" ] && unmount_root "$current"
  rm -rf "$work"
}
trap cleanup EXIT
layers=()
history=()
n=0
for pkg in "$@"; do
  n=$((n + 1))
  mkdir -p "$work/l$n/upper" "$work/l$n/work" "$work/l$n/root"
  current="$work/l$n/root"
  mount_root "$lower" "$work/l$n/upper" "$work/l$n/work" "$current"
  installed_packages "$current" > "$work/before"
  apt_install "$current" "$work/apt.log" --no-install-recommends "$pkg" || { tail -n 5 "$work/apt.log" >&2; exit 1; }
  installed_packages "$current" > "$work/after"
  unmount_root "$current"
  current=''
  upper_paths "$work/l$n/upper" > "$out/images/$name.layer$n.txt"
  comm -13 "$work/before" "$work/after" | awk -F'\t' '{print $1}' > "$out/images/$name.layer$n.packages"
  echo "$pkg" > "$out/images/$name.layer$n.requested"
  mkdir -p "$work/image/layer$n"
  tar --exclude='./proc/*' --exclude='./dev/*' -C "$work/l$n/upper" -cf "$work/image/layer$n/layer.tar" .
  layers+=("\"layer$n/layer.tar\"")
  history+=("{\"created_by\": \"/bin/sh -c apt-get install -y --no-install-recommends $pkg\"}")
  lower="$work/l$n/upper:$lower"
done
IFS=,
echo "{\"architecture\": \"amd64\", \"os\": \"linux\", \"history\": [${history[*]}], \"rootfs\": {\"type\": \"layers\", \"diff_ids\": []}}" > "$work/image/config.json"
echo "[{\"Config\": \"config.json\", \"RepoTags\": [\"praxi-real/$name:latest\"], \"Layers\": [${layers[*]}]}]" > "$work/image/manifest.json"
unset IFS
tar -C "$work/image" -cf "$out/images/$name.tar" .
echo "image $out/images/$name.tar: $n layers"
