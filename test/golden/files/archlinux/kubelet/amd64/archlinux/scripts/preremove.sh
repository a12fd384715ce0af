#!/bin/sh
set -- 0
# kubelet pre-remove (archlinux): on removal (not upgrade) disable and stop the service.
# dpkg calls: remove | upgrade <new-version> | ...; RPM passes 0 (erase) or 1 (upgrade).
set -e
case "$1" in
  remove|0)
    if command -v systemctl >/dev/null 2>&1; then
      systemctl --no-reload disable kubelet.service >/dev/null 2>&1 || true
      if [ -d /run/systemd/system ]; then
        systemctl stop kubelet.service >/dev/null 2>&1 || true
      fi
    fi
    ;;
esac
exit 0
