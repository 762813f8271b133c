import { describe, expect, test } from 'vitest';
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import { PROTOCOL_CHECKS } from '../../src/checks/protocol-answer.ts';
import { protocolCaseOf } from '../../src/checks/protocol-view.ts';
import { protocolRequests } from '../../src/generators/protocol-cases.ts';
import { putRecordsRequest as validRequest } from '../../src/generators/batch.ts';
import type { Profile, ProtocolAnswer, ProtocolCase } from '../../src/profiles/profile.ts';
import { CONTENT_TYPES, encodeCbor } from '../../src/protocol/wire.ts';
import { aws, context, exchange, yds } from './fixtures.ts';

const CASES = Object.keys(PROTOCOL_CHECKS) as ProtocolCase[];

function xml(request: ApiRequest, status: number, root: string): Exchange {
  const text = `<${root}>\n  <Message>m</Message>\n</${root}>\n`;
  return {
    ...exchange(request, status, undefined, { 'content-type': 'application/xml' }),
    rawBody: Buffer.from(text),
  };
}

/** What a target documenting `answer` sends back to `request`. */
function documented(request: ApiRequest, answer: ProtocolAnswer): Exchange {
  if (answer.kind === 'accepted')
    return exchange(request, 200, {
      FailedRecordCount: 0,
      Records: [{ ShardId: 'shardId-000000000000', SequenceNumber: '1' }],
    });
  if (answer.kind === 'refused') return xml(request, 404, 'UnknownOperationException');
  if (answer.body === 'xml') return xml(request, answer.status, answer.type);
  return exchange(request, answer.status, { __type: answer.type, message: 'm' });
}

const judge = (profile: Profile, kase: ProtocolCase, ex: Exchange) =>
  PROTOCOL_CHECKS[kase].judge(context(profile, ex));

describe('protocol cases: each request is the case of the one thing it changes', () => {
  test.each(['json', 'cbor'] as const)('over %s', (wire) => {
    const requests = protocolRequests('kcs-t-s', wire);
    expect(new Set(requests.map((r) => r.kase))).toEqual(new Set(CASES));
    for (const { kase, request } of requests) expect(protocolCaseOf(request)).toBe(kase);
    expect(
      protocolCaseOf(validRequest('kcs-t-s', [{ partitionKey: 'k', dataBytes: 1 }], wire)),
    ).toBeUndefined();
  });

  test('an explicit POST, the wire content type and a known target are no case', () => {
    const request = validRequest('s', [{ partitionKey: 'k', dataBytes: 1 }], 'cbor');
    expect(
      protocolCaseOf({
        ...request,
        method: 'POST',
        headers: { 'Content-Type': CONTENT_TYPES.cbor, 'X-Amz-Target': 'Kinesis_20131202.ListShards' },
      }),
    ).toBeUndefined();
    expect(protocolCaseOf({ ...request, rawBody: encodeCbor(request.body) })).toBeUndefined();
  });
});

describe.each([yds, aws])('protocol checks for $name', (profile) => {
  const requests = protocolRequests('kcs-t-s', 'json');

  test.each(CASES)('%s: passes the documented answer, or skips where none is documented', (kase) => {
    const check = PROTOCOL_CHECKS[kase];
    const answer = profile.protocol[kase];
    if (answer === null) {
      expect(check.skipReason?.(profile)).toMatch(/document no answer/);
      return;
    }
    expect(check.skipReason?.(profile)).toBeUndefined();
    for (const { request } of requests.filter((r) => r.kase === kase))
      expect(judge(profile, kase, documented(request, answer))).toBeUndefined();
  });

  test.each(CASES)('%s: fails an answer broken in its status, its error type or its body form', (kase) => {
    const answer = profile.protocol[kase];
    if (answer === null) return;
    const { request } = requests.find((r) => r.kase === kase)!;
    if (answer.kind === 'accepted') {
      expect(
        judge(profile, kase, exchange(request, 400, { __type: 'UnknownOperationException' }))?.expected,
      ).toMatch(/^HTTP 200/);
      return;
    }
    if (answer.kind === 'refused') {
      expect(judge(profile, kase, documented(request, { kind: 'accepted' }))?.expected).toMatch(/4xx/);
      expect(judge(profile, kase, exchange(request, 500, { __type: 'InternalFailure' }))).toBeDefined();
      return;
    }
    const other = answer.status === 400 ? 404 : 400;
    const body = answer.body === 'xml' ? 'aws' : 'xml';
    expect(judge(profile, kase, documented(request, { ...answer, status: other }))?.received).toMatch(
      new RegExp(`^HTTP ${other}`),
    );
    expect(judge(profile, kase, documented(request, { ...answer, type: 'SomethingElse' }))?.received).toMatch(
      /SomethingElse/,
    );
    expect(judge(profile, kase, documented(request, { ...answer, body }))?.expected).toContain(answer.type);
    expect(judge(profile, kase, documented(request, { kind: 'accepted' }))?.received).toMatch(/^HTTP 200/);
  });

  test('a JSON error to a CBOR request fails where the request declared its wire', () => {
    const cbor = protocolRequests('kcs-t-s', 'cbor');
    const { request } = cbor.find((r) => r.kase === 'malformedBody')!;
    const answer = profile.protocol.malformedBody!;
    if (answer.kind !== 'error') throw new Error('the profile documents an error');
    const inJson = exchange(
      request,
      answer.status,
      { __type: answer.type },
      { 'content-type': CONTENT_TYPES.json },
    );
    expect(judge(profile, 'malformedBody', inJson)?.received).toBe(`Content-Type ${CONTENT_TYPES.json}`);
    expect(judge(profile, 'malformedBody', documented(request, answer))).toBeUndefined();
  });

  test("a check leaves other cases' answers and well-formed requests alone", () => {
    const { request } = requests.find((r) => r.kase === 'emptyBody')!;
    const anything = exchange(request, 200, {});
    for (const kase of CASES.filter((c) => c !== 'emptyBody'))
      expect(judge(profile, kase, anything)).toBeUndefined();
    const valid = validRequest('s', [{ partitionKey: 'k', dataBytes: 1 }], 'json');
    for (const kase of CASES) expect(judge(profile, kase, exchange(valid, 500, undefined))).toBeUndefined();
  });
});

describe('the documented answers differ by profile where behaviour.md does', () => {
  test('AWS answers XML before it knows the protocol; YDB answers JSON InvalidArgumentException or serves', () => {
    expect(aws.protocol.missingContentType).toMatchObject({
      status: 404,
      body: 'xml',
      type: 'UnknownOperationException',
    });
    expect(yds.protocol.missingContentType).toMatchObject({
      status: 400,
      body: 'aws',
      type: 'InvalidArgumentException',
    });
    expect(yds.protocol.wrongService).toEqual({ kind: 'accepted' });
    expect(yds.protocol.nonPost).toBeNull();
  });
});
