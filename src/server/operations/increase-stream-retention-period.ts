import type { Operation } from '../operation.ts';
import { changeRetention, retentionShape } from './retention-period.ts';

/** IncreaseStreamRetentionPeriod: AWS-M "The maximum value of a stream's retention period is 8760 hours". */
export const increaseStreamRetentionPeriod: Operation = {
  shape: retentionShape,
  run(ctx, input) {
    changeRetention(ctx, input, 'increase');
    return undefined;
  },
};
