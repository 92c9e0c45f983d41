import { defineErrors } from '../../platform/errors/app-error.js';

export const mutualAidErrors = defineErrors('mutual-aid', {
  invalid: { status: 400 },
  planNotFound: { status: 404 },
  planCodeTaken: { status: 409 },
  planClosed: { status: 409 },
  /** The plan's fund is not in `#modules/funds`, or is not a mutual-aid fund of the owner. */
  planFundInvalid: { status: 422 },
  notMember: { status: 403 },
  notEligible: { status: 422 },
  alreadyEnrolled: { status: 409 },
  enrolmentNotFound: { status: 404 },
  paymentUnavailable: { status: 503 },
  paymentNotFound: { status: 404 },
  paymentMismatch: { status: 409 },
  paymentProvider: { status: 502 },
  /** A payment notification whose signature, encryption or content does not check out: a forgery or a stranger's. */
  paymentNotificationInvalid: { status: 400 },
  groupRefused: { status: 422 },
  claimNotFound: { status: 404 },
  claimRefused: { status: 422 },
  claimStepRefused: { status: 409 },
  secondReviewer: { status: 409 },
  checklistIncomplete: { status: 400 },
  documentTooLarge: { status: 413 },
  documentTypeRefused: { status: 415 },
  documentEmpty: { status: 400 },
  documentNotFound: { status: 404 },
  batchNotFound: { status: 404 },
  batchPaid: { status: 409 },
  batchEmpty: { status: 422 },
  /** The hospital's patient is not enrolled in a plan covering the day (一单式 refused at the bedside). */
  notCovered: { status: 422 },
  settlementNotFound: { status: 404 },
  /** The same discharge, same figures, settled already under another Idempotency-Key. */
  settlementDuplicate: { status: 409 },
  /** A batch of settlements rolled back as a whole (a lost connection, a failover): nothing was settled; send it again. */
  settlementBusy: { status: 503 },
  notHospital: { status: 403 },
  reconciliationNotFound: { status: 404 },
  reconciliationPaid: { status: 409 },
});
