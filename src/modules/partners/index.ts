// The partners module's public API.
export type { Partner, PartnerKind } from './service.js';
export { PARTNER_KINDS, createPartner, issuePartnerKey, lookupPartnerKey, loadPartnerPrincipal } from './service.js';
export { partnerErrors } from './errors.js';
export { partnerRoutes } from './routes.js';
