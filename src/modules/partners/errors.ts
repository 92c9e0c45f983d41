import { defineErrors } from '../../platform/errors/app-error.js';

export const partnerErrors = defineErrors('partners', {
  notFound: { status: 404 },
  keyNotFound: { status: 404 },
  keyAlreadyRevoked: { status: 409 },
  usccInvalid: { status: 400 },
  phoneInvalid: { status: 400 },
});
