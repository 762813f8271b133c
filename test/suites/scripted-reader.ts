/** A client answering read calls from a script, one answer per call, recording what was asked. */
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import type { Reader } from '../../suites/lib/read-back.ts';
import { exchange } from '../checks/fixtures.ts';

export function scripted(answers: ((request: ApiRequest) => Exchange)[]): Reader & { asked: ApiRequest[] } {
  const asked: ApiRequest[] = [];
  return {
    asked,
    call: (operation, body) => {
      const request: ApiRequest = { operation, body, wire: 'json' };
      asked.push(request);
      const next = answers.shift();
      if (!next) throw new Error(`no answer scripted for call ${asked.length}`);
      return Promise.resolve(next(request));
    },
  };
}

/** A GetRecords answer with records of these sequence numbers and a NextShardIterator naming them. */
export const page =
  (seqs: string[], behind = 0) =>
  (req: ApiRequest): Exchange =>
    exchange(req, 200, {
      Records: seqs.map((s) => ({ SequenceNumber: s, PartitionKey: 'k', Data: 'AA==' })),
      NextShardIterator: `it-${seqs.join('-')}`,
      MillisBehindLatest: behind,
    });
