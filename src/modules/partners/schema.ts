import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';

export const partners = pgTable(
  'partner',
  {
    id: id(),
    // The union that signed the partner up; its staff manage the partner.
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['merchant', 'hospital', 'transport', 'scenic', 'government', 'other'],
    }).notNull(),
    uscc: text('uscc'),
    contactName: text('contact_name'),
    // A contact person's phone is personal data: encrypted like every other phone number.
    contactPhoneCipher: bytea('contact_phone_cipher'),
    status: text('status', { enum: ['active', 'suspended'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('partner_org_ix').on(t.orgId)],
);

export const partnerKeys = pgTable(
  'partner_key',
  {
    // Public key id ("pk_…"), sent with every request.
    id: text('id').primaryKey(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => partners.id),
    // The HMAC secret, encrypted: verifying a signature needs the secret itself, not a hash of it.
    secretCipher: bytea('secret_cipher').notNull(),
    label: text('label'),
    createdAt: createdAt(),
    revokedAt: instant('revoked_at'),
    lastUsedAt: instant('last_used_at'),
  },
  (t) => [index('partner_key_partner_ix').on(t.partnerId)],
);
