import type { Operation } from '../operation.ts';
import { changeRetention, retentionShape } from './retention-period.ts';

/**
 * DecreaseStreamRetentionPeriod: AWS-M "The minimum value of a stream's retention period is 24 hours ...
 * This operation may result in lost data": records older than the new period are trimmed at once.
 */
export const decreaseStreamRetentionPeriod: Operation = {
  shape: retentionShape,
  run(ctx, input) {
    changeRetention(ctx, input, 'decrease');
    return undefined;
  },
};
