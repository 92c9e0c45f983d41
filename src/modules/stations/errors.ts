import { defineErrors } from '../../platform/errors/app-error.js';

export const stationErrors = defineErrors('stations', {
  invalid: { status: 400 },
  notFound: { status: 404 },
});
