// Guards the machine running the tests: no test may install or extract package files into the
// host's own root (a cpio without --no-absolute-filenames, an rpm without --root...). The paths
// our packages own are recorded before the run and compared after it; any change fails the run.
const { statSync } = require('node:fs');

const PATHS = [
  '/usr/bin/kubeadm',
  '/usr/bin/kubelet',
  '/usr/bin/crictl',
  '/etc/default/kubelet',
  '/etc/sysconfig/kubelet',
  '/etc/kubernetes',
  '/var/lib/kubelet',
  '/etc/systemd/system/kubelet.service.d',
  '/lib/systemd/system/kubelet.service',
  '/lib/systemd/system/kubelet.service.d',
  '/usr/lib/systemd/system/kubelet.service',
  '/usr/lib/systemd/system/kubelet.service.d',
  '/opt/cni/bin',
  '/etc/cni/net.d',
];

function snapshot() {
  return Object.fromEntries(
    PATHS.map((p) => {
      try {
        const s = statSync(p);
        return [p, `${s.mode}:${s.size}:${s.mtimeMs}:${s.ino}`];
      } catch {
        return [p, 'absent'];
      }
    }),
  );
}

module.exports = { snapshot };
