// The campaigns module's use cases, for its routes and its manifest.
export * from './campaigns.js';
export * from './channel.js';
export * from './claims.js';
export * from './coupon-token.js';
export * from './member.js';
export * from './redemption.js';
export * from './stats.js';
export * from './upkeep.js';
