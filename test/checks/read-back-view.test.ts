import { describe, expect, test } from 'vitest';
import { incompleteRead, ReadIndex, readRecordsOf } from '../../src/checks/read-back-view.ts';
import { contentKey } from '../../src/checks/write-history.ts';
import { pagesOf } from './history-fixtures.ts';
import { exchange } from './fixtures.ts';

const S = 'shardId-000000000000';

describe('readRecordsOf', () => {
  test('decodes Data per wire, numbers positions across pages, and notes any other form', () => {
    const json = pagesOf(
      S,
      [
        { SequenceNumber: '1', PartitionKey: 'a', Data: 'AAH/' },
        { SequenceNumber: '2', PartitionKey: 'b', Data: 'not base64!' },
        { SequenceNumber: '3', PartitionKey: 7, Data: new Uint8Array([1]) },
      ],
      2,
      'json',
    );
    const records = readRecordsOf(json);
    expect(records.map((r) => [r.position, r.sequenceNumber, r.partitionKey, r.dataProblem])).toEqual([
      [0, '1', 'a', undefined],
      [1, '2', 'b', 'Data "not base64!" is not base64'],
      [2, '3', undefined, 'Data as bytes in a JSON body (expected base64 text)'],
    ]);
    expect([...records[0]!.data!]).toEqual([0, 1, 255]);
    expect(records[2]!.page).toBe(json.exchanges[2]);

    const cbor = readRecordsOf(
      pagesOf(
        S,
        [
          { SequenceNumber: '1', PartitionKey: 'a', Data: Buffer.from([9]) },
          { SequenceNumber: '2', PartitionKey: 'a', Data: 'CQ==' },
        ],
        5,
        'cbor',
      ),
    );
    expect(cbor.map((r) => r.dataProblem)).toEqual([
      undefined,
      'Data as a text string over CBOR (expected a byte string)',
    ]);
    expect([...cbor[1]!.data!]).toEqual([9]);
  });

  test('only GetRecords answers with HTTP 200 count', () => {
    const read = pagesOf(S, [{ SequenceNumber: '1', PartitionKey: 'a', Data: 'AA==' }], 5, 'json');
    const failed = exchange({ operation: 'GetRecords', wire: 'json', body: {} }, 400, {
      Records: [{ SequenceNumber: '9' }],
    });
    expect(readRecordsOf({ ...read, exchanges: [...read.exchanges, failed] })).toHaveLength(1);
  });

  test('ReadIndex finds records by position and content; incompleteRead finds a read that stopped', () => {
    const read = pagesOf(S, [{ SequenceNumber: '1', PartitionKey: 'a', Data: 'AAE=' }], 5, 'json');
    const index = new ReadIndex([read]);
    expect(index.at(S, '1')).toHaveLength(1);
    expect(index.withContent(contentKey('a', new Uint8Array([0, 1])))).toHaveLength(1);
    expect(incompleteRead([read])).toBeUndefined();
    expect(incompleteRead([read, { shardId: 'x', exchanges: [], incomplete: 'why' }])?.shardId).toBe('x');
  });
});
