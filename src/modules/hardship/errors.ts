import { defineErrors } from '../../platform/errors/app-error.js';

export const hardshipErrors = defineErrors('hardship', {
  invalid: { status: 400 },
  notFound: { status: 404 },
  /** A household member (by 身份证号) is already in an open file. */
  fileOpen: { status: 409 },
  thresholdMissing: { status: 422 },
  stepRefused: { status: 409 },
  noticeNotOver: { status: 409 },
  objectionsOpen: { status: 409 },
  objectionNotFound: { status: 404 },
  approvalLevel: { status: 403 },
  overrideReasonRequired: { status: 400 },
  categoryRequired: { status: 422 },
  aidItemDuplicate: { status: 409 },
  aidItemNotFound: { status: 404 },
  aidRefused: { status: 422 },
  aidBatchNotFound: { status: 404 },
  aidBatchPaid: { status: 409 },
  helpersTwo: { status: 400 },
  cardInvalid: { status: 422 },
  callbackNotFound: { status: 404 },
  needNotFound: { status: 404 },
  noFileForNeed: { status: 404 },
});
