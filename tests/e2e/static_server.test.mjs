// scripts/static-server.mjs under hostile requests: each is answered with the status it
// deserves (400 for a target that names no file, 403 for a way out of the root, 405 for a
// method it does not serve, 404 for what is not there) and the server keeps serving — a good
// request afterwards still gets its file. Requests are written on a raw socket so that no
// client library normalises or refuses them first. No browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, requestPath } from '../../scripts/static-server.mjs';

let server, outside;

before(async () => {
  // <tmp>/secret.txt beside the served root <tmp>/site/.
  outside = mkdtempSync(join(tmpdir(), 'peiling-static-'));
  const root = join(outside, 'site');
  mkdirSync(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(root, 'data.csv'), 'a,b\n1,2\n');
  writeFileSync(join(outside, 'secret.txt'), 'not for the web');
  server = await startServer({ root });
});

after(async () => {
  await server?.close();
  rmSync(outside, { recursive: true, force: true });
});

/** Sends `METHOD target HTTP/1.1` on its own connection; resolves to `{ status, body }`. */
function raw(method, target) {
  return new Promise((ok, fail) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let reply = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => { reply += d; });
    socket.on('error', fail);
    socket.on('end', () => {
      const status = Number(reply.match(/^HTTP\/1\.1 (\d{3})/)?.[1]);
      ok({ status, body: reply.slice(reply.indexOf('\r\n\r\n') + 4) });
    });
  });
}

async function goodRequestStillWorks() {
  const reply = await raw('GET', '/data.csv');
  assert.equal(reply.status, 200);
  assert.match(reply.body, /a,b\n1,2\n/);
}

test('a malformed percent escape is a 400, and the server keeps serving', async () => {
  for (const target of ['/%E0%A4%A', '/%', '/%zz', '/data.csv%E0', '/%C0%AF']) {
    assert.equal((await raw('GET', target)).status, 400, target);
    await goodRequestStillWorks();
  }
});

test('a NUL byte in the path is a 400', async () => {
  assert.equal((await raw('GET', '/index.html%00.csv')).status, 400);
  await goodRequestStillWorks();
});

test('no way out of the root: dot segments and encoded slashes', async () => {
  // `..` written plainly is resolved by URL parsing to a path inside the root (404); encoded
  // slashes decode to a way out, which is refused (403). Neither serves the secret.
  const targets = {
    '/../secret.txt': 404,
    '/%2e%2e/secret.txt': 404,
    '/..%2fsecret.txt': 403,
    '/%2e%2e%2fsecret.txt': 403,
    '/x/..%2f..%2fsecret.txt': 403,
    '/..%5csecret.txt': 404,
  };
  for (const [target, status] of Object.entries(targets)) {
    const reply = await raw('GET', target);
    assert.equal(reply.status, status, target);
    assert.ok(!reply.body.includes('not for the web'), target);
  }
  await goodRequestStillWorks();
});

test('a very long path is refused before the disk is asked', async () => {
  assert.equal((await raw('GET', '/' + 'a'.repeat(5000))).status, 400);
  assert.equal((await raw('GET', '/' + 'a/'.repeat(3000))).status, 400);
  // A name longer than the file system allows, within the path limit, is simply not found.
  assert.equal((await raw('GET', '/' + 'b'.repeat(1000))).status, 404);
  await goodRequestStillWorks();
});

test('HEAD gets the headers without a body; other methods are a 405', async () => {
  const head = await raw('HEAD', '/data.csv');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS']) {
    assert.equal((await raw(method, '/data.csv')).status, 405, method);
  }
  await goodRequestStillWorks();
});

test('requestPath decodes good targets and rejects bad ones', () => {
  // Expected values worked out by hand from RFC 3986 percent-decoding.
  assert.equal(requestPath('/a%20b.csv?x=1'), '/a b.csv');
  assert.equal(requestPath('/caf%C3%A9'), '/café');
  assert.equal(requestPath('/%E0%A4%A'), null);
  assert.equal(requestPath('/a%00'), null);
});
