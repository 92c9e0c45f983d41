import { defineErrors } from '../../platform/errors/app-error.js';

export const fundErrors = defineErrors('funds', {
  invalid: { status: 400 },
  notFound: { status: 404 },
  duplicate: { status: 409 },
  closed: { status: 409 },
  sourceNotFound: { status: 404 },
  sourceDuplicate: { status: 409 },
  /** A node outside the fund's tree, or an allocation that does not go down the tree. */
  orgOutsideFund: { status: 422 },
  allocationNotDown: { status: 422 },
  insufficient: { status: 409 },
  transferNotFound: { status: 404 },
  alreadyReversed: { status: 409 },
  reversalOfReversal: { status: 409 },
  /** A batch of disbursements rolled back as a whole (a lost connection, a failover): nothing was paid; repeat it. */
  busy: { status: 503 },
});
