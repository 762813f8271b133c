import { LOAD_DEFAULTS } from '../../load/defaults.ts';
import { parseLoadArgs } from '../../load/args.ts';
import { executeLoad } from '../../load/load.ts';
import { runInterruptible } from '../interrupt.ts';

const D = LOAD_DEFAULTS;

export const LOAD_HELP = `kcs load: load a Kinesis-compatible endpoint with PutRecords and measure it honestly

Usage: kcs load [options]

Target
  --endpoint URL              the endpoint to load (default: start the reference server on 127.0.0.1)
  --region R                  signing region (default $AWS_REGION, else ${D.region})
  --access-key-id ID          credentials for --endpoint (default: the standard AWS chain; dummy ones
  --secret-access-key KEY       when it finds nothing: emulators do not verify)
  --throttle on|off           embedded server: AWS's per-shard write limits, 1,000 records/s and 1 MiB/s
                              (default off: the run measures kcs load and the server, not a stream's
                              capacity; on: a run shows throttling as AWS would)
  --stream NAME               stream to write to (default: a new ${D.streamPrefix}<random>, deleted afterwards)
  --shards N                  shards of a stream this run creates (default ${D.shards})

Load model (one of)
  --rate N/s                  open model: start N requests per second; latency counts from the intended
                              start, so a stall of the target cannot hide (coordinated omission)
  --connections N             closed model: N requests in flight (default ${D.connections})
  --duration DURATION         measured phase, e.g. 30s, 2m (default ${D.durationMs / 1000}s, at most ${D.maxDurationMs / 60_000}m)
  --max-requests N            stop after N requests whatever the duration (default ${D.maxRequests})
  --max-in-flight N           open model: requests in flight at most; more are dropped and counted
                              (default ${D.maxInFlight})
  --timeout DURATION          a request without an answer after this is a transport failure (default ${D.requestTimeoutMs / 1000}s)
  --workers N                 generator threads (default: the cores; one left to the embedded server,
                              half left to another target on this machine)

Payload
  --records-per-request N     records per PutRecords (default ${D.recordsPerRequest})
  --record-size SIZE|DIST     data bytes per record: 100, 1KiB, or uniform:MIN-MAX (default ${D.recordSizeBytes})
  --partition-keys N|hot-shard
                              N distinct keys, or keys that all route to the first shard (default ${D.partitionKeys})
  --wire json|cbor            JSON 1.1 or CBOR 1.1 (default ${D.wire})
  --seed N                    payload seed: the same seed sends the same bytes (default ${D.seed})

Output
  --report-dir DIR            where load.json and load.html go (default ${D.reportDir})
  --baseline FILE             compare with an earlier load.json of the same scenario ...
  --max-regression PCT        ... and exit 1 when records/s falls or p99 rises by more than PCT (default ${D.maxRegressionPct})
  --verify                    tag every record (writer, counter), read the stream back afterwards and report
                              lost, duplicated and reordered records; exit 1 if there are any
  -q, --quiet                 no progress line
  -h, --help                  this help

Exit codes: 0 done; 1 regression or failed --verify; 2 usage or setup error; 130 interrupted (SIGINT;
the numbers measured so far are still written).
`;

export async function loadCommand(args: readonly string[]): Promise<number> {
  const options = parseLoadArgs(args, process.env);
  if (options === 'help') {
    process.stdout.write(LOAD_HELP);
    return 0;
  }
  // First Ctrl-C: stop starting requests, finish and write what was measured. Second: leave now (the
  // embedded server is killed by its exit hook).
  const words = { first: 'kcs load: stopping, writing what was measured', second: 'quitting' };
  return runInterruptible(words, async (signal) => {
    const outcome = await executeLoad(options, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
      ...(process.stderr.columns ? { columns: process.stderr.columns } : {}),
      signal,
    });
    return outcome.exitCode;
  });
}
