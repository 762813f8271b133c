import { describe, expect, test } from 'vitest';
import type { ApiRequest } from '../../src/client/exchange.ts';
import {
  BODY_HEX_BYTES,
  BODY_TEXT_LIMIT,
  bodyCaption,
  bodyView,
  requestView,
  REQUEST_LIST_LIMIT,
  responseText,
  responseView,
  VALUE_STRING_LIMIT,
} from '../../src/report/exchange-view.ts';
import { CONTENT_TYPES, encodeCbor } from '../../src/protocol/wire.ts';
import { decode } from '../../src/client/send.ts';

/** An answer as the client records it: the raw body, decoded by its Content-Type where it can be. */
function answer(contentType: string | undefined, raw: Buffer, status = 400) {
  const decoded = decode(contentType, raw);
  return {
    status,
    headers: (contentType ? { 'content-type': contentType } : {}) as Record<string, string>,
    rawBody: raw,
    body: decoded.body,
    ...(decoded.error !== undefined ? { decodeError: decoded.error } : {}),
  };
}

describe('bodyView', () => {
  test('JSON in the wire format is pretty-printed', () => {
    const view = bodyView(answer(CONTENT_TYPES.json, Buffer.from('{"__type":"X","message":"m"}')));
    expect(view).toEqual({
      form: 'json',
      bytes: 28,
      text: '{\n  "__type": "X",\n  "message": "m"\n}',
      clipped: false,
    });
  });

  test.each(['text/plain', 'text/html', undefined])(
    'JSON under %s is pretty-printed too, with why it is not the wire format',
    (contentType) => {
      const view = bodyView(answer(contentType, Buffer.from('{"__type":"ValidationException"}')));
      expect(view.form).toBe('json');
      expect(view.text).toBe('{\n  "__type": "ValidationException"\n}');
      expect(view.decodeError).toMatch(/^cannot decode a '.*' body$/);
    },
  );

  test('JSON under application/json is read as JSON (its content type is judged on its own)', () => {
    const view = bodyView(answer('application/json', Buffer.from('{"__type":"ValidationException"}')));
    expect(view).toMatchObject({ form: 'json', text: '{\n  "__type": "ValidationException"\n}' });
    expect(view.decodeError).toBeUndefined();
  });

  test('CBOR is shown as JSON, blobs as base64', () => {
    const raw = encodeCbor({ Records: [{ Data: new Uint8Array([1, 2, 3]), PartitionKey: 'k' }] });
    const view = bodyView(answer(CONTENT_TYPES.cbor, raw, 200));
    expect(view.form).toBe('cbor');
    expect(JSON.parse(view.text)).toEqual({ Records: [{ Data: { base64: 'AQID' }, PartitionKey: 'k' }] });
  });

  test('an HTML page is text, as it came', () => {
    const page = '<html><body>\n<h1>500 Internal Server Error</h1>\n</body></html>';
    expect(bodyView(answer('text/html', Buffer.from(page)))).toMatchObject({ form: 'text', text: page });
  });

  test('binary is hex, 16 bytes a line, clipped after BODY_HEX_BYTES', () => {
    const raw = Buffer.alloc(BODY_HEX_BYTES + 5, 0xff);
    raw[0] = 0;
    const view = bodyView(answer('application/octet-stream', raw));
    expect(view.form).toBe('hex');
    expect(view.text.split('\n')[0]).toBe(`0000  00 ${'ff '.repeat(14)}ff`);
    expect(view.text.endsWith('\n... (5 more bytes)')).toBe(true);
    expect(view.clipped).toBe(true);
  });

  test('an empty body is empty', () => {
    expect(bodyView(answer(CONTENT_TYPES.json, Buffer.alloc(0)))).toEqual({
      form: 'empty',
      bytes: 0,
      text: '',
      clipped: false,
    });
  });

  test('long text is clipped at BODY_TEXT_LIMIT, long strings inside JSON keep their head', () => {
    const text = bodyView(answer('text/plain', Buffer.from('x'.repeat(BODY_TEXT_LIMIT + 10))));
    expect(text.clipped).toBe(true);
    expect(text.text).toBe(`${'x'.repeat(BODY_TEXT_LIMIT)}\n... (10 more characters)`);
    const json = bodyView(
      answer(CONTENT_TYPES.json, Buffer.from(JSON.stringify({ Data: 'A'.repeat(VALUE_STRING_LIMIT + 1) }))),
    );
    expect(JSON.parse(json.text)).toEqual({
      Data: `${'A'.repeat(64)}... (${VALUE_STRING_LIMIT + 1} characters)`,
    });
  });
});

test('responseText is an HTTP dump; bodyCaption says the form, size and why it is not the wire format', () => {
  const view = responseView(answer('text/plain', Buffer.from('{"a":1}')));
  expect(responseText(view)).toBe('HTTP 400\ncontent-type: text/plain\n\n{\n  "a": 1\n}');
  expect(bodyCaption(view.body)).toBe(
    "body: JSON, 7 bytes; not the request's wire format: cannot decode a 'text/plain' body",
  );
});

test('requestView keeps the head of long lists and summarises blobs', () => {
  const request: ApiRequest = {
    operation: 'PutRecords',
    wire: 'cbor',
    body: {
      Records: Array.from({ length: 501 }, (_, i) => ({ PartitionKey: `k${i}`, Data: new Uint8Array(3) })),
    },
  };
  const view = requestView(request) as { body: { Records: unknown[] } };
  expect(view.body.Records).toHaveLength(REQUEST_LIST_LIMIT / 2 + 1);
  expect(view.body.Records[0]).toEqual({ PartitionKey: 'k0', Data: '(3 bytes)' });
  expect(view.body.Records.at(-1)).toBe(`... (${501 - REQUEST_LIST_LIMIT / 2} more of 501)`);
});
