#!/bin/sh
set -- 1
# kubeadm post-install (archlinux): the kubelet drop-in was installed or changed. Upstream
# reloads nothing, so a changed drop-in only took effect after a reboot. Reload systemd, and
# restart kubelet only if it is running already (try-restart), never start it.
set -e
# dpkg only (it passes "configure"; an RPM scriptlet gets a number). After an upgrade from a
# legacy-layout kubeadm (drop-in in /etc, a conffile), dpkg keeps that now obsolete conffile,
# and a same-named drop-in in /etc replaces the packaged one. Unmodified, it is removed so the
# packaged drop-in applies; edited, it stays in effect and we say so (docs/install-tests.md).
# A legacy-layout kubeadm still ships the file: dpkg does not list it as obsolete, nothing happens.
legacy=/etc/systemd/system/kubelet.service.d/10-kubeadm.conf
if [ "$1" = configure ] && [ -f "$legacy" ]; then
  recorded=$(dpkg-query -W -f='${Conffiles}\n' kubeadm 2>/dev/null | awk -v f="$legacy" '$1 == f && $3 == "obsolete" { print $2 }')
  if [ -n "$recorded" ]; then
    if [ "$(md5sum < "$legacy" | cut -d ' ' -f 1)" = "$recorded" ]; then
      rm -f "$legacy"
      rmdir /etc/systemd/system/kubelet.service.d 2>/dev/null || true
    else
      echo "kubeadm: kept your edited $legacy; it replaces the packaged /usr/lib/systemd/system/kubelet.service.d/10-kubeadm.conf." >&2
      echo "kubeadm: to use the packaged drop-in, move your changes to another file in that directory (e.g. 20-local.conf) and delete $legacy." >&2
    fi
  fi
fi
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  systemctl daemon-reload >/dev/null 2>&1 || true
  systemctl try-restart kubelet.service >/dev/null 2>&1 || true
fi
exit 0
