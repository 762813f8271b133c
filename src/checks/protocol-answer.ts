/**
 * One check per protocol-level case of behaviour.md 1.2: the request is answered with what the profile
 * documents for that case (served, refused with some 4xx, or a named error with its status and body form).
 * A profile whose sources document no answer for a case skips its check.
 */
import type { Exchange } from '../client/exchange.ts';
import type { ProtocolAnswer, ProtocolCase } from '../profiles/profile.ts';
import { wireFormatOf } from '../protocol/wire.ts';
import type { Check, Failure } from './check.ts';
import { declaredContentType, protocolCaseOf, xmlRoot } from './protocol-view.ts';
import { describeResponse, errorType, failure } from './view.ts';

interface ProtocolRule {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  /** The case in words, for the skip reason: "a request with another method than POST". */
  readonly what: string;
}

export function protocolCheck(kase: ProtocolCase, rule: ProtocolRule): Check {
  return {
    id: rule.id,
    title: rule.title,
    // Each case is its own divergence (its own limit, or its own request variant).
    perCase: true,
    severity: 'must',
    source: rule.source,
    skipReason: (profile) =>
      profile.protocol[kase] === null
        ? `the ${profile.name} profile's sources document no answer to ${rule.what} (behaviour.md 1.1, 1.2)`
        : undefined,
    judge(ctx) {
      const answer = ctx.profile.protocol[kase];
      if (answer === null || protocolCaseOf(ctx.exchange.request) !== kase) return undefined;
      return judgeAnswer(this, ctx.exchange, answer, rule.what);
    },
  };
}

function judgeAnswer(
  check: Check,
  exchange: Exchange,
  answer: ProtocolAnswer,
  what: string,
): Failure | undefined {
  const { status } = exchange;
  switch (answer.kind) {
    case 'accepted':
      if (status === 200) return undefined;
      return failure(
        check,
        `HTTP 200 to ${what}: the target serves it as any other request`,
        received(exchange),
      );
    case 'refused':
      if (status >= 400 && status < 500) return undefined;
      return failure(check, `a 4xx refusing ${what}`, received(exchange));
    case 'error': {
      const expected = `HTTP ${answer.status} ${answer.body === 'xml' ? `with an XML <${answer.type}> body` : `${answer.type} as an AWS error body`} to ${what}`;
      if (status !== answer.status) return failure(check, expected, received(exchange));
      if (answer.body === 'xml')
        return xmlRoot(exchange) === answer.type ? undefined : failure(check, expected, received(exchange));
      if (errorType(exchange.body) !== answer.type) return failure(check, expected, received(exchange));
      // The answer comes in the request's wire format when the request declared one (behaviour.md 1.1).
      const declared = wireFormatOf(declaredContentType(exchange.request));
      const answered = wireFormatOf(exchange.headers['content-type']);
      if (declared === undefined || declared === answered) return undefined;
      return failure(
        check,
        `${expected}, in ${declared.toUpperCase()} as the request was`,
        `Content-Type ${exchange.headers['content-type'] ?? '(none)'}`,
      );
    }
  }
}

function received(exchange: Exchange): string {
  const root = xmlRoot(exchange);
  if (root !== undefined && exchange.body === undefined)
    return `HTTP ${exchange.status} with an XML <${root}> body`;
  return describeResponse(exchange);
}

/** The checks, one per case. */
export const PROTOCOL_CHECKS = {
  nonPost: protocolCheck('nonPost', {
    id: 'protocol.non-post-method',
    title: 'A request with another method than POST is answered as documented',
    source:
      'AWS-M PutRecords http.method POST; behaviour.md 1.1 "Method / path" (AWS: 403 XML AccessDeniedException, KL-T connection.js, V-AWS)',
    what: 'a GET or PUT',
  }),
  missingContentType: protocolCheck('missingContentType', {
    id: 'protocol.missing-content-type',
    title: 'A request without Content-Type is answered as documented',
    source:
      'behaviour.md 1.2 "No Content-Type" (AWS: 404 XML UnknownOperationException with a valid target, KL-T; YDB: 400 InvalidArgumentException, YDB-T)',
    what: 'a request without Content-Type',
  }),
  amzJson10: protocolCheck('amzJson10', {
    id: 'protocol.amz-json-1-0',
    title: 'A request in application/x-amz-json-1.0 is answered as documented',
    source:
      'behaviour.md 1.2 "application/x-amz-json-1.0" (AWS: 404 XML UnknownOperationException, KL-T; YDB: accepted, YDB-T)',
    what: 'a request in application/x-amz-json-1.0',
  }),
  unknownContentType: protocolCheck('unknownContentType', {
    id: 'protocol.unknown-content-type',
    title: 'A request in a Content-Type the API does not speak is refused as documented',
    source:
      'behaviour.md 1.1 "Request content types" (AWS: JSON 1.1 and CBOR 1.1 only; YDB: 400 InvalidArgumentException "Unknown ContentType"), 6 row 3',
    what: 'a request in Content-Type text/plain',
  }),
  unknownOperation: protocolCheck('unknownOperation', {
    id: 'protocol.unknown-operation',
    title: 'An unknown operation in X-Amz-Target is answered as documented',
    source:
      'behaviour.md 1.2 "Unknown op" (AWS: 400 UnknownOperationException, KL-T; YDB: 400 InvalidAction), 6 row 4',
    what: 'X-Amz-Target Kinesis_20131202.Foo',
  }),
  wrongService: protocolCheck('wrongService', {
    id: 'protocol.wrong-service-prefix',
    title: 'Another service prefix in X-Amz-Target is answered as documented',
    source:
      'behaviour.md 1.2 "Wrong service" (AWS: 400 UnknownOperationException, KL-T; YDB: accepted, any prefix but AmazonSQS), 6 row 1',
    what: 'X-Amz-Target Foo_1.PutRecords',
  }),
  malformedBody: protocolCheck('malformedBody', {
    id: 'protocol.malformed-body',
    title: 'A body that does not parse is answered as documented',
    source:
      'behaviour.md 1.2 "Malformed JSON" (AWS: 400 SerializationException, KL-T; YDB: 400 InvalidArgumentException "Can not parse request body from JSON/CBOR"), 1.3, 6 row 5',
    what: 'a body cut in half',
  }),
  emptyBody: protocolCheck('emptyBody', {
    id: 'protocol.empty-body',
    title: 'An empty body is answered as documented',
    source:
      'behaviour.md 1.2 "Empty body" (AWS: 400 SerializationException with a valid target, KL-T; YDB: 400 InvalidArgumentException "Empty body")',
    what: 'an empty body',
  }),
} as const satisfies Record<ProtocolCase, Check>;
