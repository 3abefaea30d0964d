#!/usr/bin/env bash
# Install the Debian packages named on the command line that are not installed yet.
#
#   scripts/apt_ensure.sh chromium fonts-liberation
#
# Nothing happens when all are installed. Otherwise, as root, it runs `apt-get update` and
# `apt-get install -y --no-install-recommends` for the missing ones (non-interactively); as
# any other user it prints the command to run and exits 1.
set -euo pipefail

[ "$#" -gt 0 ] || { echo "usage: $0 PACKAGE..." >&2; exit 2; }

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "apt_ensure: not a Debian system; install these yourself: $*" >&2
    exit 1
fi

missing=()
for package in "$@"; do
    status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2>/dev/null || true)"
    [ "${status:0:2}" = "ii" ] || missing+=("$package")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "apt_ensure: missing Debian packages: ${missing[*]}" >&2
    echo "apt_ensure: install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s%N)
echo "apt_ensure: installing ${missing[*]}" >&2
apt-get -o DPkg::Lock::Timeout=300 update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
printf 'apt_ensure: installed %s in %d.%03ds\n' "${missing[*]}" $((ms / 1000)) $((ms % 1000)) >&2
