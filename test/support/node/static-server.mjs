// A static file server for a directory, started by the node tests inside a booted node's network
// namespace (`nsenter --net=... node static-server.mjs DIR PORT`), so that the node's apt reaches
// it at http://127.0.0.1:PORT. Serves regular files below DIR only; anything else is 403/404.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize, sep } from 'node:path';

const [dirArg, portArg] = process.argv.slice(2);
if (!dirArg || !portArg) {
  console.error('usage: node static-server.mjs DIR PORT');
  process.exit(2);
}
const root = await realpath(dirArg);
const server = createServer((req, res) => {
  const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
  if (path !== root && !path.startsWith(root + sep)) return void res.writeHead(403).end();
  stat(path).then(
    (s) => {
      if (!s.isFile()) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Length': s.size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(path).pipe(res);
    },
    () => void res.writeHead(404).end(),
  );
});
server.listen(Number(portArg), '127.0.0.1', () => console.log(`serving ${root} on 127.0.0.1:${portArg}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
