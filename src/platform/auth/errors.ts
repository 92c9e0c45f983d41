import { defineErrors } from '../errors/app-error.js';

export const authErrors = defineErrors('auth', {
  invalidCredentials: { status: 401 },
  signInThrottled: { status: 429 },
  accountDisabled: { status: 403 },
  totpInvalid: { status: 401 },
  challengeExpired: { status: 401 },
  sessionExpired: { status: 401 },
  phoneInvalid: { status: 400 },
  smsCodeInvalid: { status: 400 },
  smsCodeExpired: { status: 400 },
  smsRateLimited: { status: 429 },
  smsSendFailed: { status: 502 },
  signatureMissing: { status: 401 },
  signatureInvalid: { status: 401 },
  timestampSkewed: { status: 401 },
  nonceReplayed: { status: 401 },
  partnerKeyInvalid: { status: 401 },
  idempotencyKeyRequired: { status: 400 },
  idempotencyKeyReused: { status: 422 },
  idempotencyInProgress: { status: 409 },
});
