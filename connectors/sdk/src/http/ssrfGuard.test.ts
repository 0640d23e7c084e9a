import { describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../errors';
import { createSsrfGuard, type LookupAddresses } from './ssrfGuard';

// These tests never open sockets: the guard decides from the URL and a stubbed DNS answer.
const resolvesTo =
  (...addresses: string[]): LookupAddresses =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

describe('ssrfGuard', () => {
  it.each([
    'http://127.0.0.1/',
    'http://[::1]/',
    'http://10.0.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://192.168.1.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://0.0.0.0/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://[fe80::1]/',
    'http://100.64.1.1/',
  ])('refuses the literal address in %s without looking anything up', async (url) => {
    const lookup = vi.fn(resolvesTo('8.8.8.8'));
    const error = await refusal(createSsrfGuard({}, { lookup }).vet(new URL(url)));
    expect(error).toMatchObject({ code: 'SSRF_BLOCKED', retryable: false });
    expect(lookup).not.toHaveBeenCalled();
  });

  it('refuses a host name that resolves to loopback (real DNS: localhost)', async () => {
    const error = await refusal(createSsrfGuard().vet(new URL('http://localhost:8080/')));
    expect(error.code).toBe('SSRF_BLOCKED');
    expect(error.message).toMatch(/localhost .*loopback addresses are blocked/);
  });

  it('refuses a host name when any of its addresses is internal', async () => {
    const guard = createSsrfGuard({}, { lookup: resolvesTo('93.184.215.14', '169.254.169.254') });
    const error = await refusal(guard.vet(new URL('https://metadata.example/')));
    expect(error.details).toMatchObject({ address: '169.254.169.254', addressClass: 'linkLocal' });
  });

  it('pins the vetted address, preferring IPv4', async () => {
    const guard = createSsrfGuard({}, { lookup: resolvesTo('2606:4700::1111', '93.184.215.14') });
    await expect(guard.vet(new URL('https://api.example.com/x'))).resolves.toEqual({
      hostname: 'api.example.com',
      address: '93.184.215.14',
      family: 4,
    });
  });

  it('opens loopback and private ranges only when the operator says so', async () => {
    await expect(
      createSsrfGuard({ allowLoopback: true }).vet(new URL('http://127.0.0.1:1/')),
    ).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(
      createSsrfGuard({ allowPrivate: true }).vet(new URL('http://10.1.2.3/')),
    ).resolves.toMatchObject({
      address: '10.1.2.3',
    });
    const guard = createSsrfGuard({ allowPrivate: true, allowLoopback: true });
    expect((await refusal(guard.vet(new URL('http://169.254.169.254/')))).code).toBe('SSRF_BLOCKED');
    expect((await refusal(guard.vet(new URL('http://0.0.0.0/')))).code).toBe('SSRF_BLOCKED');
  });

  it('opens exactly the hosts and CIDRs on the allow-list', async () => {
    const guard = createSsrfGuard(
      { allowHosts: ['itsm.corp.example', '*.svc.internal', '10.20.0.0/16'] },
      { lookup: resolvesTo('10.99.0.5') },
    );
    await expect(guard.vet(new URL('https://itsm.corp.example/'))).resolves.toMatchObject({
      address: '10.99.0.5',
    });
    await expect(guard.vet(new URL('https://jira.svc.internal/'))).resolves.toMatchObject({
      address: '10.99.0.5',
    });
    await expect(guard.vet(new URL('http://10.20.3.4/'))).resolves.toMatchObject({ address: '10.20.3.4' });
    await expect(guard.vet(new URL('http://[::ffff:10.20.3.4]/'))).resolves.toMatchObject({ family: 6 });
    expect((await refusal(guard.vet(new URL('http://10.21.0.1/')))).code).toBe('SSRF_BLOCKED');
    expect((await refusal(guard.vet(new URL('https://other.corp.example/')))).code).toBe('SSRF_BLOCKED');
  });

  it('refuses other schemes and URLs carrying user info', async () => {
    const guard = createSsrfGuard({}, { lookup: resolvesTo('93.184.215.14') });
    expect((await refusal(guard.vet(new URL('file:///etc/passwd')))).code).toBe('UNSUPPORTED_PROTOCOL');
    expect((await refusal(guard.vet(new URL('https://u:p@api.example.com/')))).code).toBe('INVALID_URL');
  });

  it('reports a failed lookup as retryable', async () => {
    const guard = createSsrfGuard({}, { lookup: () => Promise.reject(new Error('ENOTFOUND')) });
    expect(await refusal(guard.vet(new URL('https://nowhere.example/')))).toMatchObject({
      code: 'DNS_LOOKUP_FAILED',
      retryable: true,
    });
  });

  it('rejects a malformed CIDR in the policy', () => {
    expect(() => createSsrfGuard({ allowHosts: ['10.0.0.0/99'] })).toThrow(/not a valid CIDR/);
  });
});
