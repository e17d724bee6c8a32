// A forward HTTP proxy on 127.0.0.1 that counts what it relays (absolute-form requests only,
// which is how clients send plain-http requests through a proxy).
import http from 'node:http';

export async function startCountingProxy() {
  const proxy = { forwarded: 0, url: '' };
  const server = http.createServer((req, res) => {
    proxy.forwarded += 1;
    const target = new URL(req.url);
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () => server.close();
  return proxy;
}
