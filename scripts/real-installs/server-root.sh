#!/usr/bin/env bash
# A second Debian root for bench/scan.bench.js (--ignore-db on a root other than this machine's):
# an overlay over the debootstrap root of setup.sh with a server-like set of packages installed by
# apt (Recommends included, documentation kept), left mounted read-only at DIR/merged.
#   bash scripts/real-installs/server-root.sh /work/rec DIR
#   PRAXI_BENCH_SCAN_ROOTS=/,/work/rec/base,DIR/merged node bench/run.js scan
set -euo pipefail
. "$(dirname "$0")/lib.sh"
rec=${1:?usage: server-root.sh REC_DIR DIR}
dir=${2:?}
mkdir -p "$dir/upper" "$dir/work" "$dir/merged"
mount_root "$rec/base" "$dir/upper" "$dir/work" "$dir/merged"
trap 'unmount_root "$dir/merged"' EXIT
apt_install "$dir/merged" "$dir/apt.log" python3-requests git curl nginx openssh-server perl libdbi-perl ruby vim-nox sqlite3 rsync cron logrotate jq
echo "$(installed_packages "$dir/merged" | wc -l) packages installed"
unmount_root "$dir/merged"
trap - EXIT
mount -t overlay overlay -o "lowerdir=$dir/upper:$rec/base" "$dir/merged"
echo "server root: $dir/merged"
