/**
 * An HTTP server on 127.0.0.1 serving a generated upstream, with faults injected per path:
 * statuses, redirects, connections reset or cut mid-body, servers that never answer.
 * Every request is logged (method, path, headers) so tests can assert what the client did.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'redirect'; to: string; status?: number }
  /**
   * send the headers and `after` bytes, then reset the connection (TCP RST) once `until(start)`
   * resolves (start = the requested range start). A RST discards what the client has not read,
   * and a close arriving with the data can beat the client to it, so tests wait until the bytes
   * are on the client's disk: the resume point is then exact.
   */
  | { kind: 'reset'; after: number; until?: (start: number) => Promise<void> }
  /** send the headers (full Content-Length) and `after` bytes, then close cleanly (FIN), after `until(start)` */
  | { kind: 'truncate'; after: number; until?: (start: number) => Promise<void> }
  /** accept the request and never answer */
  | { kind: 'hang' }
  /** send the headers and `after` bytes, then stall */
  | { kind: 'stall'; after: number }
  /** serve the whole file with 200 even if a Range was asked for */
  | { kind: 'ignore-range' };

export interface LoggedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

export class TestUpstreamServer {
  readonly requests: LoggedRequest[] = [];
  /** per path: faults used one per request, in order; `always` faults are used every time */
  private readonly queued = new Map<string, Fault[]>();
  private readonly always = new Map<string, Fault>();
  private readonly sockets = new Set<Socket>();
  private server?: Server;
  url = '';

  constructor(
    readonly files: Map<string, Buffer>,
    private readonly tls?: { key: string; cert: string },
  ) {}

  /** The next request(s) for path get these faults, then normal service resumes. */
  failNext(path: string, ...faults: Fault[]): void {
    this.queued.set(path, [...(this.queued.get(path) ?? []), ...faults]);
  }

  failAlways(path: string, fault: Fault): void {
    this.always.set(path, fault);
  }

  requestsFor(path: string): LoggedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse) => this.handle(req, res);
    this.server = this.tls ? createTlsServer(this.tls, handler) : createServer(handler);
    this.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `${this.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Headers added to a 200 answer (e.g. GitHub's Link header for paged lists). */
  protected extraHeaders(_path: string): Record<string, string> {
    return {};
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const fault = this.queued.get(path)?.shift() ?? this.always.get(path);
    if (fault?.kind === 'hang') return;
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, fault.headers).end(`status ${fault.status}\n`);
      return;
    }
    if (fault?.kind === 'redirect') {
      res.writeHead(fault.status ?? 302, { location: fault.to }).end();
      return;
    }
    const body = this.files.get(path);
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const etag = `"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const ifRange = req.headers['if-range'];
    if (range && fault?.kind !== 'ignore-range' && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= body.length) {
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
      res.writeHead(206, {
        'content-length': String(body.length - start),
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        etag,
      });
    } else {
      res.writeHead(200, {
        'content-length': String(body.length),
        'accept-ranges': 'bytes',
        etag,
        ...this.extraHeaders(path),
      });
    }
    const rest = body.subarray(start);
    if (fault?.kind === 'reset' || fault?.kind === 'truncate' || fault?.kind === 'stall') {
      res.flushHeaders();
      res.write(rest.subarray(0, fault.after), () => {
        if (fault.kind === 'stall') return;
        void (fault.until?.(start) ?? Promise.resolve()).then(() =>
          fault.kind === 'reset' ? req.socket.resetAndDestroy() : req.socket.end(),
        );
      });
      return;
    }
    res.end(rest);
  }
}
