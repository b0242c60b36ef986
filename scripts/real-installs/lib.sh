# Shared by record.sh and record-image.sh: a throw-away overlay root over the debootstrap root,
# what dpkg has installed in it, and the files an install left in the overlay's upper directory.

# mount_root LOWER UPPER WORK MERGED: an overlay with /proc and /dev bound in (maintainer scripts need them).
mount_root() {
  mount -t overlay overlay -o "lowerdir=$1,upperdir=$2,workdir=$3" "$4"
  mount --bind /proc "$4/proc"
  mount --bind /dev "$4/dev"
}

# unmount_root MERGED (quietly: also used on the way out after a failure).
unmount_root() {
  umount "$1/proc" 2>/dev/null || true
  umount "$1/dev" 2>/dev/null || true
  umount "$1" 2>/dev/null || true
}

# installed_packages ROOT: "name<TAB>arch<TAB>version" of every installed package, sorted.
installed_packages() {
  chroot "$1" dpkg-query -W -f='${Package}\t${Architecture}\t${Version}\t${db:Status-Abbrev}\n' |
    awk -F'\t' '$4 ~ /^ii/ {print $1 "\t" $2 "\t" $3}' | LC_ALL=C sort
}

# apt_install ROOT LOG [apt-get options...] PACKAGE: non-interactive, output to LOG.
apt_install() {
  local root=$1 log=$2
  shift 2
  chroot "$root" env DEBIAN_FRONTEND=noninteractive LC_ALL=C apt-get install -y -q -o Dpkg::Use-Pty=0 "$@" > "$log" 2>&1
}

# upper_paths UPPER: files and symlinks the install created or changed, as absolute paths, sorted.
# Whiteouts (character devices) are deletions, and /proc /sys /dev /run are not the install's.
upper_paths() {
  (cd "$1" && find . -mindepth 1 \( -type f -o -type l \) -printf '/%P\n') | grep -Ev '^/(proc|sys|dev|run)/' | LC_ALL=C sort
}
