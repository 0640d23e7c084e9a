import { describe, expect, it } from 'vitest';
import { createApprovalLinks } from '../auth';
import { readConfig } from '../config';
import {
  LinkOriginError,
  PublicOriginSetting,
  linkOriginWarning,
  listenAddressUrl,
  resolveLinkOrigin,
} from './linkOrigin';
import { signTaskLinks } from './taskLinks';

const approvalLinks = createApprovalLinks({ secret: 'x'.repeat(32) });
const sign = (origin: string) =>
  signTaskLinks({
    approvalLinks,
    task: { id: 'task-1' },
    approverId: 'maria',
    outcomes: ['approved', 'rejected'],
    origin,
    now: 0,
  });

describe('the origin of approval links', () => {
  it('is FLOWLINE_PUBLIC_ORIGIN when set, and says so', () => {
    expect(resolveLinkOrigin('https://flowline.example.com', 'http://127.0.0.1:3000')).toEqual({
      url: 'https://flowline.example.com',
      source: 'publicOrigin',
    });
    expect(
      linkOriginWarning(resolveLinkOrigin('https://flowline.example.com', 'http://127.0.0.1:3000')),
    ).toBe(undefined);
  });

  it('is the listen address when FLOWLINE_PUBLIC_ORIGIN is unset, with a warning that names the setting', () => {
    const origin = resolveLinkOrigin(undefined, 'http://127.0.0.1:3000');
    expect(origin).toEqual({ url: 'http://127.0.0.1:3000', source: 'listenAddress' });
    const warning = linkOriginWarning(origin);
    expect(warning).toContain('FLOWLINE_PUBLIC_ORIGIN');
    expect(warning).toContain('http://127.0.0.1:3000');
  });

  it('takes the listen address as a browser can open it: a wildcard host is this machine, IPv6 in brackets', () => {
    expect(listenAddressUrl('127.0.0.1', 3000)).toBe('http://127.0.0.1:3000');
    expect(listenAddressUrl('0.0.0.0', 8080)).toBe('http://localhost:8080');
    expect(listenAddressUrl('::', 8080)).toBe('http://localhost:8080');
    expect(listenAddressUrl('::1', 3000)).toBe('http://[::1]:3000');
    expect(listenAddressUrl('flowline.internal', 3000)).toBe('http://flowline.internal:3000');
    for (const url of ['http://localhost:8080', 'http://[::1]:3000']) expect(URL.canParse(url)).toBe(true);
  });

  it('makes every link absolute at the origin', () => {
    const { links } = sign('https://flowline.example.com');
    expect(Object.keys(links)).toEqual(['approved', 'rejected']);
    for (const link of Object.values(links))
      expect(link).toMatch(/^https:\/\/flowline\.example\.com\/approve\/[^/]+$/);
  });

  it('refuses to sign links that would not be absolute http(s) ones', () => {
    for (const origin of [
      '',
      '/flowline',
      'flowline.example.com',
      'javascript:alert(1)',
      'mailto:a@example.com',
    ])
      expect(() => sign(origin), origin).toThrow(LinkOriginError);
  });
});

describe('FLOWLINE_PUBLIC_ORIGIN', () => {
  it('drops a trailing slash, so links never read //approve', () => {
    expect(PublicOriginSetting.parse('https://flowline.example.com/')).toBe('https://flowline.example.com');
    expect(readConfig({ FLOWLINE_PUBLIC_ORIGIN: 'https://flowline.example.com/' }).config.publicOrigin).toBe(
      'https://flowline.example.com',
    );
  });

  it.each([
    ['ftp://flowline.example.com', /http:\/\/ or https:\/\//],
    ['flowline.example.com', /http:\/\/ or https:\/\//],
    ['https://flowline.example.com/?next=', /without a query/],
    ['https://flowline.example.com/#top', /without a query, fragment/],
    ['https://user:secret@flowline.example.com', /credentials/],
  ])('refuses %s at start, naming the variable', (value, why) => {
    expect(() => readConfig({ FLOWLINE_PUBLIC_ORIGIN: value })).toThrow(/FLOWLINE_PUBLIC_ORIGIN: must be/);
    expect(() => readConfig({ FLOWLINE_PUBLIC_ORIGIN: value })).toThrow(why);
  });
});
