/**
 * Sequence numbers: decimal strings, strictly increasing per shard (AWS-M: "Sequence numbers for the same
 * partition key generally increase over time"; pattern 0|([1-9]\d{0,128})). Ours are 56 digits like AWS's
 * (behaviour.md 3): a fixed per-shard prefix (stream creation second, shard index) and a 32-digit
 * zero-padded counter, so string order equals numeric order within a shard and parsing is a slice.
 *
 * A SequenceNumberForOrdering (PutRecord) is valid when the stream could have issued it, that is, has: a
 * record's number, or a shard's StartingSequenceNumber or EndingSequenceNumber (ListShards and DescribeStream
 * report them). Anything else, a number of the future of a shard included, is "invalid" as AWS answers a
 * number it did not issue (behaviour.md 5 PutRecord; KL-T putRecord, V-AWS historical). AWS judges its own
 * numbers by their structure and accepts well-formed ones of other streams (KL-T: the "all 0" and "all f"
 * numbers); ours are not AWS's encoding, so the stream's own record is the test. A valid number is below the
 * new record's (AWS-M: "strictly increasing sequence numbers, for puts from the same client and to the same
 * partition key") whenever it is of the record's shard or of one the shard descends from, which is where the
 * previous record of the same partition key always is: a counter only grows, and a child's prefix (its own
 * creation second, a higher index) is above its parents'. A number of an unrelated shard of the same stream
 * is accepted without that order, which AWS-M does not promise across partition keys.
 */
const COUNTER_DIGITS = 32;

export function sequencePrefix(streamCreatedMs: number, shardIndex: number): string {
  return `49${String(Math.floor(streamCreatedMs / 1000)).padStart(12, '0')}${String(shardIndex).padStart(10, '0')}`;
}

/** ZERO_PADS[n]: n zeros (padStart allocates its pad on every call; this is the hot path of PutRecords). */
const ZERO_PADS = Array.from({ length: COUNTER_DIGITS + 1 }, (_, n) => '0'.repeat(n));

export function formatSequenceNumber(prefix: string, counter: number): string {
  const digits = String(counter);
  return prefix + ZERO_PADS[COUNTER_DIGITS - digits.length]! + digits;
}

/**
 * The largest sequence number of a shard: a closed shard's EndingSequenceNumber. AWS reports the end of the
 * range, not its last record (kinesalite, which mirrors AWS's layout, sets the largest sequence index).
 */
export function lastSequenceNumber(prefix: string): string {
  return prefix + '9'.repeat(COUNTER_DIGITS);
}

/**
 * The counter of a sequence number of this shard: a number, or 'before' / 'after' when the value belongs to
 * the shard's past or future, or undefined when it is not one of this shard's numbers at all.
 */
export function parseSequenceNumber(prefix: string, value: string): number | undefined {
  if (value.length !== prefix.length + COUNTER_DIGITS || !value.startsWith(prefix)) return undefined;
  const counter = value.slice(prefix.length);
  if (!/^\d+$/.test(counter)) return undefined;
  return Number(counter);
}

/**
 * The counter a sequence number holds wherever it came from, read as a position: its last 32 digits (a
 * shorter number whole), or undefined for text that is no number. For a target whose sequence numbers name no
 * shard (YDS: a partition's offset, behaviour.md 3 and 6 row 23), so any shard may be asked for any of them.
 */
export function counterOf(value: string): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  return Number(value.slice(-COUNTER_DIGITS));
}
