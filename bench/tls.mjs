// A throw-away certificate authority and a server certificate for 127.0.0.1, made with the
// openssl CLI in a temp directory. The CA file is what the clients trust: NODE_EXTRA_CA_CERTS for
// pi-ai's provider (Node), SSL_CERT_FILE for bedrock-native (rustls with the platform's native
// roots, which honours SSL_CERT_FILE).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function makeCertificates() {
  const dir = mkdtempSync(join(tmpdir(), 'bedrock-native-bench-tls-'));
  const file = (name) => join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=bedrock-native bench CA', '-keyout', file('ca.key'), '-out', file('ca.pem'),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr'));
    writeFileSync(file('server.ext'), [
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ].join('\n'));
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
      '-CAcreateserial', '-days', '2', '-extfile', file('server.ext'), '-out', file('server.pem'));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const detail = error.stderr?.toString().trim() || error.message;
    throw new Error(`openssl could not make the benchmark certificates: ${detail}`);
  }
  return {
    dir,
    caFile: file('ca.pem'),
    tls: { key: readFileSync(file('server.key')), cert: readFileSync(file('server.pem')) },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
