import { defineErrors } from '../../platform/errors/app-error.js';

export const staffErrors = defineErrors('staff', {
  notFound: { status: 404 },
  usernameTaken: { status: 409 },
  passwordWeak: { status: 400 },
  roleAboveOwn: { status: 403 },
  targetOutranks: { status: 403 },
  cannotChangeSelf: { status: 409 },
  invalidRole: { status: 400 },
});
