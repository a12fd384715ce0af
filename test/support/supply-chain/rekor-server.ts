/** A Rekor stand-in on 127.0.0.1: the two calls kubepkg makes (index search, entry by UUID). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export class TestRekor {
  private readonly byDigest = new Map<string, string[]>();
  private readonly entries = new Map<string, string>();
  private server?: Server;
  url = '';
  readonly requests: string[] = [];

  /** Registers an entry (the JSON text TestSigstore.sign returns) for a file with this sha256. */
  add(sha256: string, uuid: string, entry: string): void {
    this.byDigest.set(sha256, [...(this.byDigest.get(sha256) ?? []), uuid]);
    this.entries.set(uuid, entry);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push(`${req.method} ${req.url}`);
        if (req.method === 'POST' && req.url === '/api/v1/index/retrieve') {
          const { hash } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { hash: string };
          const uuids = this.byDigest.get(hash.replace(/^sha256:/, '')) ?? [];
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(uuids));
          return;
        }
        const m = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(req.url ?? '');
        const entry = m && this.entries.get(m[1]!);
        if (req.method === 'GET' && entry) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(entry);
          return;
        }
        res.writeHead(404).end('{"code":404,"message":"not found"}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
