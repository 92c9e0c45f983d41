import { defineErrors } from '../../platform/errors/app-error.js';

export const orgErrors = defineErrors('orgs', {
  notFound: { status: 404 },
  invalid: { status: 400 },
  nameTaken: { status: 409 },
  usccTaken: { status: 409 },
  moveIntoOwnSubtree: { status: 409 },
  moveOwnRoot: { status: 409 },
  hasActiveChildren: { status: 409 },
  alreadyInactive: { status: 409 },
  alreadyActive: { status: 409 },
  importRejected: { status: 422 },
  importUnreadable: { status: 400 },
  importTooManyRows: { status: 413 },
});
