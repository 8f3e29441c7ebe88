// The harness's side of the ui-driver (test/e2e/suite/ui-driver): an HTTP endpoint on 127.0.0.1
// that hands the extension host one command at a time (long poll) and receives the results.
import http from 'node:http';

export async function createDriverControl() {
  const queue = [];
  const waiting = []; // long-poll responses waiting for a command
  const pending = new Map(); // id -> { resolve, reject, timer }
  let nextId = 1;
  let connected = false;
  let onConnect;
  const connectedPromise = new Promise((resolve) => (onConnect = resolve));

  const send = (res, body) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const dispatch = () => {
    while (queue.length && waiting.length) {
      const { res, timer } = waiting.shift();
      clearTimeout(timer);
      send(res, queue.shift());
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/next') {
      if (!connected) {
        connected = true;
        onConnect();
      }
      const entry = { res, timer: setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        send(res, { id: 0, op: 'none' });
      }, 20_000) };
      waiting.push(entry);
      dispatch();
      return;
    }
    if (req.method === 'POST' && req.url === '/result') {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const reply = JSON.parse(body);
        const call = pending.get(reply.id);
        if (call) {
          pending.delete(reply.id);
          clearTimeout(call.timer);
          if (reply.ok) call.resolve(reply.value);
          else call.reject(new Error(`driver: ${reply.error}`));
        }
        send(res, { ok: true });
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    /** Resolves once the extension host asked for its first command. */
    connected: (timeoutMs) =>
      Promise.race([
        connectedPromise,
        new Promise((_, reject) => setTimeout(() => reject(new Error(`the ui-driver did not connect within ${timeoutMs / 1000} s`)), timeoutMs).unref()),
      ]),
    call(op, args, timeoutMs = 60_000) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`driver command ${op} timed out after ${timeoutMs / 1000} s`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer });
        queue.push({ id, op, args });
        dispatch();
      });
    },
    exit(failed) {
      queue.push({ id: nextId++, op: 'exit', args: { failed } });
      dispatch();
    },
    async close() {
      for (const { res, timer } of waiting.splice(0)) {
        clearTimeout(timer);
        send(res, { id: 0, op: 'exit', args: { failed: true } });
      }
      for (const call of pending.values()) clearTimeout(call.timer);
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
