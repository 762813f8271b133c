import { describe, expect, test } from 'vitest';
import { EndpointError, isLoopback, parseEndpoint } from '../../src/protocol/endpoint.ts';

describe('parseEndpoint', () => {
  test.each([
    [
      'http://127.0.0.1:4567',
      {
        url: 'http://127.0.0.1:4567',
        origin: 'http://127.0.0.1:4567',
        host: '127.0.0.1:4567',
        port: 4567,
        path: '/',
      },
    ],
    [
      'HTTP://localhost:4567/',
      { url: 'http://localhost:4567', hostname: 'localhost', path: '/', tls: false },
    ],
    [
      'https://kinesis.eu-west-1.amazonaws.com',
      { host: 'kinesis.eu-west-1.amazonaws.com', port: 443, tls: true, path: '/' },
    ],
    ['http://[::1]:4567', { hostname: '[::1]', port: 4567, origin: 'http://[::1]:4567' }],
    // YDS: the path is the database (behaviour.md 1.1); it is kept, without a trailing slash in `url`.
    [
      'https://yds.serverless.yandexcloud.net/ru-central1/b1g/etn/',
      { url: 'https://yds.serverless.yandexcloud.net/ru-central1/b1g/etn', path: '/ru-central1/b1g/etn/' },
    ],
    ['http://h', { port: 80, host: 'h', path: '/' }],
  ])('%s', (text, expected) => {
    expect(parseEndpoint(text)).toMatchObject(expected);
  });

  test.each([
    ['localhost:4567', /expected an http/],
    ['ftp://h/', /expected an http/],
    ['not a url', /not a URL/],
    ['http://h/?a=1', /no query or fragment/],
    ['http://h/#x', /no query or fragment/],
    ['http://u:p@h/', /credentials do not belong/],
    ['http://h:99999', /port out of range/],
    ['http://:80', /not a host/],
    ['http://h_x:1', /not a host/],
  ])('%s is refused', (text, message) => {
    expect(() => parseEndpoint(text)).toThrow(EndpointError);
    expect(() => parseEndpoint(text)).toThrow(message);
  });
});

test('isLoopback: localhost, 127.0.0.0/8 and ::1 only', () => {
  const loop = (u: string): boolean => isLoopback(parseEndpoint(u));
  expect(
    ['http://localhost:1', 'http://127.0.0.1:1', 'http://127.9.8.7', 'http://[::1]:2'].map(loop),
  ).toEqual([true, true, true, true]);
  expect(
    ['http://10.0.0.1', 'https://kinesis.us-east-1.amazonaws.com', 'http://127.0.0.1.nip.io'].map(loop),
  ).toEqual([false, false, false]);
});
