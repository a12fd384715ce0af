#!/bin/sh
set -- 2
# kubelet post-install (archlinux). Applies the systemd preset on first install only, so the
# distribution (or the admin's preset files) decides whether kubelet is enabled; never starts
# it (kubelet crash-loops until `kubeadm init` or `join`).
# dpkg calls: configure [old-version]; RPM passes 1 (install) or 2 (upgrade).
set -e
first_install=false
case "$1" in
  configure) [ -z "${2:-}" ] && first_install=true ;;
  1) first_install=true ;;
esac
if command -v systemctl >/dev/null 2>&1; then
  # Presets work offline too (image builds, chroots): systemctl only edits symlinks then.
  if [ "$first_install" = true ]; then
    systemctl preset kubelet.service >/dev/null 2>&1 || true
  fi
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || true
  fi
fi
exit 0
