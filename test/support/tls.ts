// A self-signed certificate for the hostile server's HTTPS origin. Generated at test time
// with `openssl` when it is available; otherwise the committed test-only pair of
// test/fixtures/tls (shared with the runner's TLS tests, valid for 100 years) is used.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface TestCertificate {
  key: string;
  cert: string;
  /** 'openssl' when made for this run, 'fixture' when read from test/fixtures/tls. */
  source: 'openssl' | 'fixture';
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { timeout: 15_000 }, (err) => (err ? fail(err) : ok()));
  });
}

async function generate(): Promise<TestCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'bh-tls-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1',
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8'), source: 'openssl' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The committed test-only pair. */
export async function fixtureCertificate(): Promise<TestCertificate> {
  const dir = resolve(process.cwd(), 'test', 'fixtures', 'tls');
  return {
    key: await readFile(join(dir, 'key.pem'), 'utf8'),
    cert: await readFile(join(dir, 'cert.pem'), 'utf8'),
    source: 'fixture',
  };
}

/** A fresh self-signed pair from openssl, or the committed fixture when openssl is missing. */
export async function testCertificate(): Promise<TestCertificate> {
  try {
    return await generate();
  } catch {
    return fixtureCertificate();
  }
}
