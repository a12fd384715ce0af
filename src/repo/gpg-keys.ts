/**
 * Reading secret keys from `gpg --with-colons` (doc/DETAILS in GnuPG): fingerprint, keygrips
 * (what the agent caches a passphrase under) and the expiry of the key that will actually sign.
 */
export interface SubKey {
  /** d (disabled), e (expired), r (revoked) or another validity letter */
  validity: string;
  /** ms since the epoch; null = never */
  expires: number | null;
  canSign: boolean;
}

export interface SecretKey {
  fingerprint: string;
  keygrips: string[];
  primary: SubKey;
  subkeys: SubKey[];
}

type Gpg = (args: string[]) => Promise<{ stdout: string }>;

export async function readSecretKeys(gpg: Gpg, keyId?: string): Promise<SecretKey[]> {
  const args = ['--with-colons', '--with-keygrip', '--fixed-list-mode', '--list-secret-keys'];
  const out = await gpg(keyId ? [...args, keyId] : args).catch(() => ({ stdout: '' }));
  return parseSecretKeys(out.stdout);
}

export function parseSecretKeys(colons: string): SecretKey[] {
  const keys: SecretKey[] = [];
  let current: SecretKey | undefined;
  let last: SubKey | undefined;
  for (const line of colons.split('\n')) {
    const f = line.split(':');
    const type = f[0];
    if (type === 'sec' || type === 'ssb') {
      const key: SubKey = {
        validity: f[1] ?? '',
        expires: f[6] ? Number(f[6]) * 1000 : null,
        canSign: (f[11] ?? '').includes('s'),
      };
      if (type === 'sec') {
        current = { fingerprint: '', keygrips: [], primary: key, subkeys: [] };
        keys.push(current);
      } else current?.subkeys.push(key);
      last = key;
    } else if (type === 'fpr' && current && last === current.primary && !current.fingerprint) {
      current.fingerprint = f[9] ?? '';
    } else if (type === 'grp' && current) {
      current.keygrips.push(f[9] ?? '');
    }
  }
  return keys;
}

const usable = (k: SubKey, now: number) =>
  k.canSign && !['e', 'r', 'd', 'i'].includes(k.validity) && (k.expires === null || k.expires > now);

/**
 * When signing stops working: gpg signs with the newest usable signing subkey, else the primary;
 * either way nothing signs after the primary expires. null = never; a past time = already unusable.
 */
export function signingExpiry(key: SecretKey, now: number): number | null {
  const primary = key.primary;
  if (['e', 'r', 'd', 'i'].includes(primary.validity) || (primary.expires !== null && primary.expires <= now)) {
    return primary.expires ?? now;
  }
  const candidates = [...key.subkeys, primary].filter((k) => usable(k, now));
  if (candidates.length === 0) return now;
  const latest = candidates.some((k) => k.expires === null) ? null : Math.max(...candidates.map((k) => k.expires!));
  const bounds = [latest, primary.expires].filter((x): x is number => x !== null);
  return bounds.length ? Math.min(...bounds) : null;
}
