import { defineErrors } from '../../platform/errors/app-error.js';

export const censusErrors = defineErrors('census', {
  invalid: { status: 400 },
  sourceNotFound: { status: 404 },
  sourceNameTaken: { status: 409 },
  listNotFound: { status: 404 },
  listUnreadable: { status: 422 },
  listRunning: { status: 409 },
  areaOutsideScope: { status: 403 },
  personNotFound: { status: 404 },
  matchNotProbable: { status: 409 },
  invitationNotFound: { status: 404 },
  targetSplitOver: { status: 409 },
  staffNotFound: { status: 404 },
});
