import type { Operation } from '../operation.ts';
import { existingStream, streamNameOf, streamShape } from './common.ts';

/**
 * DeleteStream: DELETING, then gone after the delete delay. AWS deletes a stream in any state, CREATING
 * included (KL-T deleteStream, V-AWS historical); a second delete of a DELETING stream is answered the same.
 */
export const deleteStream: Operation = {
  shape(profile) {
    return streamShape(profile, { EnforceConsumerDeletion: { type: 'Boolean' } });
  },
  run(ctx, input) {
    ctx.store.delete(existingStream(ctx, streamNameOf(ctx, input)));
    return undefined;
  },
};
