#!/usr/bin/env bash
# Prepares the recording root for record.sh: a Debian bookworm minbase root (debootstrap) with the
# machine's apt sources, services kept from starting (policy-rc.d), and a second layer with the
# configuration slim container images use (no docs/man/locale; apt's cache cleaned after installs).
#   bash scripts/real-installs/setup.sh /work/rec        (root; apt-get install debootstrap first)
set -euo pipefail
rec=${1:?usage: setup.sh REC_DIR}
base=$rec/base
mkdir -p "$rec"
[ -x "$base/usr/bin/apt-get" ] || debootstrap --variant=minbase bookworm "$base" http://deb.debian.org/debian
cp /etc/apt/sources.list.d/debian.sources "$base/etc/apt/sources.list.d/debian.sources" 2>/dev/null || cp /etc/apt/sources.list "$base/etc/apt/sources.list"
cp /etc/resolv.conf "$base/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$base/usr/sbin/policy-rc.d"
chmod +x "$base/usr/sbin/policy-rc.d"
mount --bind /proc "$base/proc"
trap 'umount "$base/proc"' EXIT
chroot "$base" apt-get update -qq

slim=$rec/slimcfg
mkdir -p "$slim/etc/dpkg/dpkg.cfg.d" "$slim/etc/apt/apt.conf.d"
cat > "$slim/etc/dpkg/dpkg.cfg.d/excludes" <<'CFG'
# As slim container images configure dpkg: no documentation, manual pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
CFG
cat > "$slim/etc/apt/apt.conf.d/docker-clean" <<'CFG'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
CFG
echo "recording root ready: $base (slim layer $slim)"
