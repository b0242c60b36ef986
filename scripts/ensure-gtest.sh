#!/usr/bin/env bash
# Makes GoogleTest available to the C++ test build, so the README's `npm ci && npm test` needs no
# manual set-up on a fresh Debian machine. In order:
#   1. already there (headers + libraries, e.g. libgtest-dev): nothing to do;
#   2. Debian's GoogleTest sources (/usr/src/googletest, package `googletest`): CMake builds them
#      (CMakeLists.txt, PRAXI_GTEST_SOURCE_DIR), nothing to install;
#   3. root (or password-less sudo) with apt-get: `apt-get install -y libgtest-dev`
#      (after `apt-get update` when the package lists are stale);
#   4. otherwise: stop with a message saying what to install. The C++ tests are never skipped.
# Prints nothing when GoogleTest is already usable. PRAXI_GTEST_APT=0 disables step 3.
set -euo pipefail

gtest_source_dir=${PRAXI_GTEST_SOURCE_DIR:-/usr/src/googletest}

have_installed_gtest() {
  local inc lib
  for inc in /usr/include /usr/local/include; do
    [ -f "$inc/gtest/gtest.h" ] || continue
    for lib in /usr/lib/*-linux-gnu /usr/lib /usr/local/lib /usr/lib64; do
      if compgen -G "$lib/libgtest_main.*" >/dev/null && compgen -G "$lib/libgtest.*" >/dev/null; then
        return 0
      fi
    done
  done
  return 1
}

have_gtest_sources() {
  [ -f "$gtest_source_dir/CMakeLists.txt" ] && [ -f "$gtest_source_dir/googletest/include/gtest/gtest.h" ]
}

apt_install() {
  local runner=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then runner=(sudo -n); else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "== GoogleTest is missing: apt-get install -y libgtest-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  "${runner[@]}" apt-get install -y -qq libgtest-dev >/dev/null 2>&1 && return 0
  # A fresh machine may have no package lists yet.
  "${runner[@]}" apt-get update -qq >/dev/null 2>&1 || return 1
  "${runner[@]}" apt-get install -y -qq libgtest-dev >/dev/null 2>&1
}

if have_installed_gtest || have_gtest_sources; then exit 0; fi
if [ "${PRAXI_GTEST_APT:-1}" != 0 ] && apt_install && have_installed_gtest; then exit 0; fi

cat >&2 <<MSG
praxi: the C++ tests need GoogleTest, which is not installed, and it could not be installed here
  (apt-get needs root or password-less sudo, and network access to the Debian mirror).
  Install it, then run the tests again:
    apt-get install libgtest-dev          # Debian/Ubuntu, as root
  or point PRAXI_GTEST_SOURCE_DIR at a GoogleTest source tree (e.g. Debian's googletest package,
  /usr/src/googletest) and CMake builds it with the tests.
MSG
exit 1
