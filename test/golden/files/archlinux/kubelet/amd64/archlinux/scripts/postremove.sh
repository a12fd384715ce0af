#!/bin/sh
set -- 0
# kubelet postremove (archlinux): a unit file or drop-in changed, so systemd must re-read
# them. A no-op where systemd is not running (chroots, containers, image builds).
set -e
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload >/dev/null 2>&1 || true
fi
exit 0
