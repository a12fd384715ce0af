/**
 * One schema for the build settings: it gives the TypeScript type, validates YAML config files
 * and flags, and generates schema/kubepkg.schema.json for editors (`kubepkg schema`).
 */
import { z } from 'zod';
import { ARCHITECTURES, DEFAULT_ARCHITECTURES } from '../arch.js';
import { COMPRESSIBLE_FORMATS, DEFAULT_FORMATS, FORMATS, formatOf } from '../formats/index.js';
import { componentVersionProblem, versionSettingProblem } from '../versions.js';

export const PACKAGE_NAMES = ['kubeadm', 'kubelet', 'kubectl', 'cri-tools', 'kubernetes-cni'] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];

export const COMPRESSION_PROFILES = ['compatible', 'fast', 'small'] as const;

/**
 * The latest timestamp both formats store: an RPM header keeps BUILDTIME and file times as 32-bit
 * unsigned integers (rpm's rpm_time_t), so 2^32 would wrap to 1970; deb's ar and tar headers hold
 * more. 4294967295 is 2106-02-07T06:28:15Z.
 */
export const MAX_SOURCE_DATE_EPOCH = 4294967295;

/** A string that versions.ts accepts: refused here, so a typo is listed with the other problems and its key. */
const checked = (problem: (value: string) => string | undefined) =>
  z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      // an empty string is reported once, by min(1)
      const message = value === '' ? undefined : problem(value);
      if (message) ctx.addIssue({ code: 'custom', message });
    });

const version = checked(componentVersionProblem).describe('A version such as 1.31.4 or v1.32.0-rc.1');

const baseUrl = z
  .string()
  .regex(/^https?:\/\/[^\s@]+$/, 'must be an http:// or https:// URL without credentials')
  .optional();

export const CompressionSchema = z.union([
  z
    .enum(COMPRESSION_PROFILES)
    .describe('A named trade-off: compatible (gzip, every dpkg/rpm), fast (zstd, nightly CI), small (xz)'),
  // one key per format whose compression nfpm lets us choose (src/formats/)
  z
    .object(
      Object.fromEntries(
        COMPRESSIBLE_FORMATS.map((f) => {
          const { pattern, describe } = formatOf(f).compression!;
          return [f, z.string().regex(pattern, describe)];
        }),
      ) as Record<'deb' | 'rpm', z.ZodString>,
    )
    .strict(),
]);

export const SettingsSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of the JSON Schema, for editors'),
    kubernetesVersion: checked(versionSettingProblem).describe(
      'Kubernetes release to package (kubeadm, kubelet, kubectl), or a marker: stable, latest, stable-1.31, ' +
        'latest-1.32',
    ),
    criToolsVersion: version
      .optional()
      .describe('cri-tools version; default from packaging/components.yaml for the Kubernetes minor'),
    cniVersion: version
      .optional()
      .describe('CNI plugins version; default from packaging/components.yaml for the Kubernetes minor'),
    architectures: z
      .array(z.enum(ARCHITECTURES))
      .min(1)
      .default([...DEFAULT_ARCHITECTURES])
      .describe('Architectures to build (amd64, arm64, ppc64le, s390x; arm for Kubernetes < 1.27)'),
    formats: z
      .array(z.enum(FORMATS))
      .min(1)
      .default([...DEFAULT_FORMATS])
      .describe('Package formats to build (deb, rpm; archlinux on request)'),
    packages: z
      .array(z.enum(PACKAGE_NAMES))
      .min(1)
      .default([...PACKAGE_NAMES])
      .describe('Packages to build'),
    mirror: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Mirror root (a directory, or an http(s):// URL) holding kubernetes/, cri-tools/ and cni-plugins/ in the ' +
          'upstream layout; default: download from upstream',
      ),
    kubernetesBaseUrl: baseUrl.describe(
      'Where kubeadm, kubelet, kubectl and the version markers are downloaded from (default https://dl.k8s.io/release)',
    ),
    kubernetesCiBaseUrl: baseUrl.describe(
      'Where CI builds (ci/latest, v1.38.0-alpha.2.345+0123abcd) and their markers are downloaded from (default ' +
        'https://dl.k8s.io/ci)',
    ),
    criToolsReleasesUrl: baseUrl.describe(
      'GitHub-style releases list that picks cri-tools for minors packaging/components.yaml lacks (default ' +
        'https://api.github.com/repos/kubernetes-sigs/cri-tools/releases)',
    ),
    kubernetesSourceUrl: baseUrl.describe(
      'Kubernetes source tree whose <ref>/build/dependencies.yaml picks CNI plugins for minors ' +
        'packaging/components.yaml lacks (default https://raw.githubusercontent.com/kubernetes/kubernetes)',
    ),
    criToolsBaseUrl: baseUrl.describe(
      'Where the cri-tools release tarballs are downloaded from (default: the GitHub releases of ' +
        'kubernetes-sigs/cri-tools)',
    ),
    cniBaseUrl: baseUrl.describe(
      'Where the CNI plugins release tarballs are downloaded from (default: the GitHub releases of ' +
        'containernetworking/plugins)',
    ),
    cacheDir: z
      .string()
      .min(1)
      .optional()
      .describe('Download cache (default KUBEPKG_CACHE_DIR, else $XDG_CACHE_HOME/kubepkg)'),
    out: z
      .string()
      .min(1)
      .optional()
      .describe('Directory that receives the packages, manifest.json and SHA256SUMS (required to build)'),
    revision: z
      .string()
      .regex(/^[0-9A-Za-z][0-9A-Za-z.+~]*$/, 'use digits, letters and . + ~ only, starting with a digit or letter')
      .default('1')
      .describe('Package revision: the deb revision and the rpm Release'),
    layout: z
      .enum(['current', 'legacy'])
      .default('current')
      .describe(
        'current: the kubeadm drop-in in the systemd unit directory, as pkgs.k8s.io; legacy: in /etc/systemd/system',
      ),
    parallel: z
      .number()
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe('How many nfpm processes run at once (default from CPUs and memory)'),
    compression: CompressionSchema.default('compatible').describe(
      'Compression profile or explicit per-format settings',
    ),
    allowUnverified: z
      .boolean()
      .default(false)
      .describe('Accept artifacts (downloaded or in a mirror) that have no published checksum file beside them'),
    verifySignatures: z
      .union([z.literal('auto'), z.boolean()])
      .default('auto')
      .describe(
        'Verify the Sigstore signatures of the Kubernetes binaries: auto (required from dl.k8s.io, checked wherever ' +
          '.sig/.cert files are beside them), true (required everywhere), false (checksums only)',
      ),
    trustRoot: z
      .string()
      .optional()
      .describe(
        "Sigstore trusted_root.json to verify against (default: `kubepkg trust update`'s, else the shipped one)",
      ),
    nfpm: z
      .string()
      .min(1)
      .optional()
      .describe(
        'nfpm binary to build with (relative to the config file); --nfpm and KUBEPKG_NFPM win. Default: kubepkg ' +
          'searches (`kubepkg doctor` shows where)',
      ),
    sourceDateEpoch: z
      .number()
      .int()
      .min(0)
      .max(MAX_SOURCE_DATE_EPOCH, `must be at most ${MAX_SOURCE_DATE_EPOCH} (2106-02-07), the last time RPM can store`)
      .optional()
      .describe(
        'Timestamp (seconds) of every file and of the package metadata; default SOURCE_DATE_EPOCH or 2000-01-01',
      ),
  })
  .strict();

/** Settings as written by a user (defaults not yet applied). */
export type SettingsInput = z.input<typeof SettingsSchema>;
/** Settings with every default applied. */
export type Settings = z.output<typeof SettingsSchema>;

/** The JSON Schema for config files (committed as schema/kubepkg.schema.json). */
export function settingsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(SettingsSchema.partial({ kubernetesVersion: true }), {
    io: 'input',
  }) as Record<string, unknown>;
  return { ...schema, title: 'kubepkg configuration', $id: 'https://kubepkg.dev/schema/kubepkg.schema.json' };
}
