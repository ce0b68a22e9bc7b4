// Addresses as the extension compares pages, and the host and site a page belongs to.
import { describe, expect, it } from 'vitest';
import { hostOf, pageAddress, siteOf } from '@/lib/model/address';

describe('pageAddress', () => {
  it('drops the #fragment only', () => {
    expect(pageAddress('https://a.example/x?y=1#top')).toBe('https://a.example/x?y=1');
    expect(pageAddress('https://a.example/x')).toBe('https://a.example/x');
  });
});

describe('hostOf', () => {
  it('is the hostname of any address, null for what is not one', () => {
    expect(hostOf('https://news.example.org:8443/a?b#c')).toBe('news.example.org');
    expect(hostOf('chrome-extension://abc/popup.html')).toBe('abc');
    expect(hostOf('file:///a.html')).toBeNull();
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(undefined)).toBeNull();
  });
});

describe('siteOf', () => {
  it('is the hostname of web pages only', () => {
    expect(siteOf('https://news.example.org:8443/a?b#c')).toBe('news.example.org');
    expect(siteOf('http://localhost:3000/')).toBe('localhost');
    expect(siteOf('file:///a.html')).toBeNull();
    expect(siteOf('chrome://extensions')).toBeNull();
    expect(siteOf(undefined)).toBeNull();
  });
});
