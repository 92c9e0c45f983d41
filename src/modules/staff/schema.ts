import { index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';

export const staffAccounts = pgTable(
  'staff_account',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    totpSecretCipher: bytea('totp_secret_cipher'),
    totpEnrolledAt: instant('totp_enrolled_at'),
    // The last TOTP time step accepted: a code is good once, even within its 30 seconds.
    totpLastStep: integer('totp_last_step'),
    status: text('status', { enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    lastSignInAt: instant('last_sign_in_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_account_username_uq').on(t.username), index('staff_account_org_ix').on(t.orgId)],
);

export const staffRoles = pgTable(
  'staff_role',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffAccounts.id),
    module: text('module').notNull(),
    role: text('role').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.module] })],
);
