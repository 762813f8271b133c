/**
 * The trivial target of bench/load-generator.ts: a node:http server on 127.0.0.1 that reads each request
 * body to its end and answers PutRecords with the same pre-built success body every time, so that what the
 * benchmark measures is the load generator, not the server. It neither parses nor checks what it is sent.
 *
 * Enough of the control plane to let `kcs load --stream NAME` start: DescribeStreamSummary says every stream
 * exists and is ACTIVE (so kcs load neither creates nor deletes one); CreateStream and DeleteStream succeed
 * with an empty body, as on AWS. Anything else gets UnknownOperationException.
 *
 * Usage: node bin/run-ts.js bench/lib/fixed-answer-server.ts [--records N] [--shards N]
 * (N records in every PutRecords answer); prints `listening on URL` first.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { SHARD_ID_FORMAT } from '../../src/profiles/common.ts';
import { DEFAULT_PROFILE, getProfile } from '../../src/profiles/index.ts';
import { CONTENT_TYPES, TARGET_PREFIX } from '../../src/protocol/wire.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '100' }, shards: { type: 'string', default: '4' } },
});
const profile = getProfile(DEFAULT_PROFILE);
const records = Number(values.records);
const shards = Number(values.shards);
if (
  !Number.isInteger(records) ||
  records < profile.putRecords.minRecords ||
  records > profile.putRecords.maxRecords
)
  throw new Error(`--records: expected ${profile.putRecords.minRecords}..${profile.putRecords.maxRecords}`);
if (!Number.isInteger(shards) || shards < 1) throw new Error('--shards: expected a positive integer');

const shardId = (i: number): string =>
  `${SHARD_ID_FORMAT.prefix}${String(i).padStart(SHARD_ID_FORMAT.digits, '0')}`;
// Sequence numbers shaped like AWS's (56 digits); the generator only checks that they are non-empty strings.
const sequenceNumber = (i: number): string => `49${String(i).padStart(54, '0')}`;
const PUT_RECORDS_ANSWER = Buffer.from(
  JSON.stringify({
    FailedRecordCount: 0,
    Records: Array.from({ length: records }, (_, i) => ({
      SequenceNumber: sequenceNumber(i),
      ShardId: shardId(i % shards),
    })),
  }),
);
const JSON_HEADERS = { 'content-type': CONTENT_TYPES.json };
const UNKNOWN = Buffer.from(JSON.stringify({ __type: profile.errors.unknownOperation.type }));

function streamSummary(body: Buffer): Buffer {
  let name = 'unknown';
  try {
    const input = JSON.parse(body.toString('utf8')) as { StreamName?: unknown };
    if (typeof input.StreamName === 'string') name = input.StreamName;
  } catch {
    // A summary for 'unknown' is still a summary: the caller only reads StreamStatus and OpenShardCount.
  }
  return Buffer.from(
    JSON.stringify({
      StreamDescriptionSummary: {
        StreamName: name,
        StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}`,
        StreamStatus: 'ACTIVE',
        StreamModeDetails: { StreamMode: 'PROVISIONED' },
        RetentionPeriodHours: 24,
        StreamCreationTimestamp: 0,
        EnhancedMonitoring: [],
        EncryptionType: 'NONE',
        OpenShardCount: shards,
        ConsumerCount: 0,
      },
    }),
  );
}

const send = (res: http.ServerResponse, status: number, body: Buffer): void => {
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': body.length });
  res.end(body);
};

// Same keep-alive timeout as the reference server, so connection reuse is alike.
const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const target = req.headers['x-amz-target'];
  const op =
    typeof target === 'string' && target.startsWith(`${TARGET_PREFIX}.`)
      ? target.slice(TARGET_PREFIX.length + 1)
      : '';
  if (op === 'PutRecords') {
    // The hot path: read the body to its end, keep nothing.
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { ...JSON_HEADERS, 'content-length': PUT_RECORDS_ANSWER.length });
      res.end(PUT_RECORDS_ANSWER);
    });
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (op === 'DescribeStreamSummary') send(res, 200, streamSummary(Buffer.concat(chunks)));
    else if (op === 'CreateStream' || op === 'DeleteStream') send(res, 200, Buffer.alloc(0));
    else send(res, profile.errors.unknownOperation.status, UNKNOWN);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

const stop = (): void => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// Started with a piped stdin by the benchmark: its end means the benchmark is gone, so this goes too.
if (!process.stdin.isTTY) {
  process.stdin.on('end', stop);
  process.stdin.resume();
}
