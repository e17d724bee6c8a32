// Shared plumbing of the fake servers (Bedrock, IMDS, ECS): listen on 127.0.0.1 only, never keep
// the process alive, count sockets, and close hard.
import { EventEmitter } from 'node:events';

/**
 * Starts `server` on 127.0.0.1 (port 0 = any free port).
 * @param {import('node:net').Server} server an http or https server
 * @returns {Promise<{ port: number, connections: { opened: number, closed: number, readonly active: number },
 *   waitForConnectionsClosed(timeoutMs?: number): Promise<void>, close(): Promise<void> }>}
 */
export async function serveOnLoopback(server, port = 0) {
  const tracker = trackConnections(server);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Tests and benchmarks must exit on their own even when they forget close().
  server.unref();
  return {
    port: server.address().port,
    connections: tracker.connections,
    waitForConnectionsClosed: tracker.waitForConnectionsClosed,
    close: () => closeHard(server, tracker),
  };
}

function trackConnections(server) {
  const sockets = new Set();
  const lastClosed = new EventEmitter();
  const connections = {
    opened: 0,
    closed: 0,
    get active() {
      return sockets.size;
    },
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    connections.opened += 1;
    socket.unref();
    socket.once('close', () => {
      sockets.delete(socket);
      connections.closed += 1;
      if (sockets.size === 0) lastClosed.emit('idle');
    });
  });
  return { sockets, connections, waitForConnectionsClosed: (timeoutMs) => waitForIdle(sockets, lastClosed, timeoutMs) };
}

function waitForIdle(sockets, lastClosed, timeoutMs = 2000) {
  if (sockets.size === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      lastClosed.off('idle', onIdle);
      reject(new Error(`${sockets.size} connection(s) still open after ${timeoutMs} ms`));
    }, timeoutMs);
    function onIdle() {
      clearTimeout(timer);
      resolve();
    }
    lastClosed.once('idle', onIdle);
  });
}

// Destroying the sockets first matters: server.close() alone waits for every open (possibly
// stalled) stream to finish.
function closeHard(server, { sockets }) {
  for (const socket of sockets) socket.destroy();
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => server.close(() => resolve()));
}
