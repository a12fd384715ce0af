#!/usr/bin/env bash
# Sets up a fresh Debian/Ubuntu machine for kubepkg: the Debian tools the tests use to inspect
# and install packages, the npm dependencies, the compiled CLI, and the pinned nfpm.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

# Debian tools: rpm (inspect/install RPMs; rpm2cpio), cpio (unpack RPM payloads in tests), mmdebstrap (Debian chroot for apt tests), lintian and
# rpmlint (package lint), createrepo-c and dnf (yum repositories), apt-utils (apt-ftparchive),
# gnupg (signing), zstd/xz (compression benchmarks), time (CPU times in the benchmark),
# zsh/fish/man-db (shell completions and the man page), tmux (the live display in a real terminal),
# pacman-package-manager (pacman: the Arch Linux package lifecycle test),
# systemd-container (systemd-nspawn boots the Debian node of test/node under a running systemd).
apt_packages=(rpm cpio mmdebstrap lintian rpmlint createrepo-c dnf apt-utils gnupg zstd xz-utils ca-certificates time
  zsh fish man-db tmux pacman-package-manager systemd-container)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 3
  fi
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
npm run build
bash scripts/install-nfpm.sh
bash scripts/install-actionlint.sh
echo "kubepkg is set up: node dist/cli/main.js --help"
