#!/bin/sh
# SPDX-License-Identifier: MIT
# install-deps.sh - install what the benchmarks compare zslab with: the
# peer allocators and redis (make bench-deps runs this).  make bench itself
# never installs anything; it names what is missing and runs the rest.
#
#   sh bench/install-deps.sh            # Debian/Ubuntu (apt-get), Fedora (dnf)
#   NO_UPDATE=1 sh bench/install-deps.sh   # skip apt-get update
#
# Each package is installed on its own, so one that a release does not
# have (libmimalloc2.0 is in Debian 12 and Ubuntu 22.04 on) does not stop
# the others; the summary lists what could not be installed.
set -u

SUDO=
[ "$(id -u)" = 0 ] || SUDO=sudo
failed=

if command -v apt-get >/dev/null 2>&1; then
	pkgs="libjemalloc2 libmimalloc2.0 libtcmalloc-minimal4 redis-server"
	[ -n "${NO_UPDATE:-}" ] || $SUDO apt-get update -q
	install() { DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "$1"; }
elif command -v dnf >/dev/null 2>&1; then
	pkgs="jemalloc mimalloc gperftools-libs redis"
	install() { $SUDO dnf install -y "$1"; }
else
	echo "install-deps.sh: neither apt-get nor dnf here; install jemalloc," \
	     "mimalloc, tcmalloc (gperftools) and redis by hand" >&2
	exit 1
fi

for p in $pkgs; do
	install "$p" || failed="$failed $p"
done
if [ -n "$failed" ]; then
	echo "install-deps.sh: could not install:$failed" \
	     "(make bench skips what is missing)" >&2
	exit 1
fi
echo "install-deps.sh: installed $pkgs"
