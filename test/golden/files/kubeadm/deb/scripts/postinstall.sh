#!/bin/sh
# kubeadm post-install (deb): the kubelet drop-in was installed or changed. Upstream
# reloads nothing, so a changed drop-in only took effect after a reboot. Reload systemd, and
# restart kubelet only if it is running already (try-restart), never start it.
set -e
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload >/dev/null 2>&1 || true
  systemctl try-restart kubelet.service >/dev/null 2>&1 || true
fi
exit 0
