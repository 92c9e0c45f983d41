import { defineErrors } from '../../platform/errors/app-error.js';

export const stationErrors = defineErrors('stations', {
  invalid: { status: 400 },
  notFound: { status: 404 },
});

/** Services, service days and events, orders and check-ins. */
export const stationServiceErrors = defineErrors('stations', {
  serviceNotFound: { status: 404 },
  serviceDuplicate: { status: 409 },
  serviceNotOffered: { status: 422 },
  stationNotOpen: { status: 409 },
  /** A rider's link to a station that does not exist: not the staff's "outside your subtree". */
  stationGone: { status: 404 },
  eventNotFound: { status: 404 },
  eventInvalid: { status: 400 },
  eventNotOnDay: { status: 422 },
  eventFull: { status: 409 },
  eventCancelled: { status: 409 },
  orderNotFound: { status: 404 },
  orderSlotRefused: { status: 422 },
  orderDuplicate: { status: 409 },
  orderTransitionRefused: { status: 409 },
  orderNotRatable: { status: 409 },
  assigneeRequired: { status: 400 },
  checkInCodeInvalid: { status: 422 },
});

/** A station's status changed, and station lists imported from files. */
export const stationTransferErrors = defineErrors('stations', {
  statusUnchanged: { status: 409 },
  closedForGood: { status: 409 },
  importUnreadable: { status: 400 },
  importRejected: { status: 422 },
});

/** Photos (the station's own, and an inspection's evidence), the uniform standard and inspections. */
export const stationInspectionErrors = defineErrors('stations', {
  photoNotFound: { status: 404 },
  photoTooLarge: { status: 413 },
  photoTypeRefused: { status: 415 },
  photoEmpty: { status: 400 },
  photoOrderInvalid: { status: 400 },
  evidencePhotoLocked: { status: 409 },
  inspectionNotFound: { status: 404 },
});
