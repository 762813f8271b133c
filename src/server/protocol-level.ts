/**
 * The protocol level as the profile describes it (profile.protocol, behaviour.md 1.1 - 1.3): which
 * Content-Types are read and as which wire format, which X-Amz-Target names an operation, and how a request
 * refused before any operation runs is answered. One reading for every profile; the differences are data.
 */
import type { ProtocolError, ProtocolRules } from '../profiles/profile.ts';
import { isOperationName, type OperationName } from '../protocol/operations.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { AwsError } from './aws-error.ts';

/** The wire format a Content-Type header selects, or undefined for one the profile does not read. */
export function contentTypeReader(
  protocol: ProtocolRules,
): (header: string | undefined) => WireFormat | undefined {
  const formats = new Map(Object.entries(protocol.contentTypes));
  return (header) => {
    if (!header) return undefined;
    // The common case, exactly as written, without splitting.
    return formats.get(header) ?? formats.get(header.split(';', 1)[0]!.trim().toLowerCase());
  };
}

/** What X-Amz-Target names: an operation, or the refusal with the method it named (for the message). */
export type Target =
  { readonly operation: OperationName } | { readonly refused: ProtocolError; readonly method: string };

/** Reads X-Amz-Target as `<service>.<method>`; no header is an empty service and method. */
export function targetReader(protocol: ProtocolRules): (header: string | undefined) => Target {
  const rule = protocol.targetService;
  const accepts = 'only' in rule ? (s: string) => s === rule.only : (s: string) => !rule.except.includes(s);
  return (header = '') => {
    const dot = header.indexOf('.');
    const service = dot < 0 ? header : header.slice(0, dot);
    const method = dot < 0 ? '' : header.slice(dot + 1);
    if (!accepts(service)) return { refused: protocol.otherwise.refusedService, method };
    if (method === '') return { refused: protocol.otherwise.missingOperation, method };
    if (!isOperationName(method)) return { refused: protocol.unknownOperation, method };
    return { operation: method };
  };
}

/** The values a protocol-level message may name. */
export interface ProtocolFacts {
  /** The method X-Amz-Target named. */
  readonly method?: string;
  /** The wire format the body was read in. */
  readonly format?: WireFormat;
}

function messageOf(answer: ProtocolError, facts: ProtocolFacts): string | undefined {
  return answer.message
    ?.replace('{operation}', facts.method ?? '')
    .replace('{format}', facts.format?.toUpperCase() ?? '');
}

/** An `aws` answer as the error the handler renders in the request's format. */
export function protocolAwsError(answer: ProtocolError, facts: ProtocolFacts): AwsError {
  return new AwsError(answer, messageOf(answer, facts));
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * An `xml` answer's body as AWS sends it (KL-T connection.js, V-AWS): the error as root element, holding its
 * message, or empty (`<UnknownOperationException/>`).
 */
export function protocolXml(answer: ProtocolError, facts: ProtocolFacts): string {
  const message = messageOf(answer, facts);
  if (message === undefined) return `<${answer.type}/>\n`;
  const text = message.replace(/[&<>]/g, (c) => XML_ESCAPES[c]!);
  return `<${answer.type}>\n  <Message>${text}</Message>\n</${answer.type}>\n`;
}
