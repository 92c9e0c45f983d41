import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTestDatabase, useTestDatabase } from '../../../../test/harness/db.js';
import { openPgliteFromImage } from '../../../../test/harness/pglite-image.js';
import { systemActor } from '../../../platform/audit/audit.js';
import { BlindIndex, FieldCipher } from '../../../platform/crypto/field-cipher.js';
import type { Database } from '../../../platform/db/client.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import { queryRows } from '../../../platform/db/tx.js';
import { createRootOrg } from '#modules/orgs';
import { formatMemberNo } from '../rules.js';
import { members } from '../schema.js';
import { writeMemberBatch, type NewMemberRow } from './bulk.js';
import { decryptPerson, encryptPerson } from './person.js';

const crypto = {
  cipher: new FieldCipher('aes-256-gcm', [{ id: 'k1', key: randomBytes(32) }]),
  blindIndex: new BlindIndex(randomBytes(32)),
};

// PGlite always; PostgreSQL (the COPY path) as well when TEST_DATABASE_URL is set.
const drivers = [
  { driver: 'pglite', open: openPgliteFromImage },
  ...(process.env.TEST_DATABASE_URL ? [{ driver: 'postgres', open: createTestDatabase }] : []),
];

describe.each(drivers)('writeMemberBatch on $driver', ({ driver, open }) => {
  let database: Database;
  let orgId: string;
  let sequence = 0;

  useTestDatabase({
    open,
    setup: async (opened) => {
      database = opened;
      const org = await createRootOrg(database.db, systemActor('test'), { kind: 'provincial', name: '浙江省总工会', regionCode: '33' });
      orgId = org.id;
    },
  });

  /** A member row for the person with this ID number (any string: only its blind index matters here). */
  function row(idNumber: string, overrides: Partial<NewMemberRow> = {}): NewMemberRow {
    return {
      id: uuidv7(),
      memberNo: formatMemberNo('33', ++sequence),
      provinceCode: '33',
      orgId,
      person: encryptPerson(crypto, {
        name: '张三',
        idNumber,
        phone: sequence % 2 ? '13800000000' : null,
        gender: 'male',
        birthDate: '1990-02-28',
        trade: 'courier',
        employerName: sequence % 3 ? null : '某快递公司',
        employerUscc: null,
        workRegionCode: '330603001',
        workAddress: '柯桥街道中兴路1号',
        workLat: sequence % 2 ? 30.08 : null,
        workLng: sequence % 2 ? 120.49 : null,
      }),
      newForm: true,
      joinedAt: new Date('2025-03-01T08:30:15.123Z'),
      source: 'seed',
      importId: null,
      ...overrides,
    };
  }

  const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const count = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from member`))[0]?.n ?? -1;
  const hex = (buffers: Buffer[]) => buffers.map((b) => b.toString('hex'));

  it('writes every column as given, byte for byte', async () => {
    const importId = uuidv7();
    const given = [row('full-1', { importId, source: 'import' }), row('full-2', { newForm: false })];
    expect(await writeMemberBatch(database, given)).toEqual({ written: 2, duplicates: [] });
    for (const expected of given) {
      const [stored] = await database.db
        .select()
        .from(members)
        .where(sql`${members.id} = ${expected.id}`);
      expect(stored).toMatchObject({
        id: expected.id,
        memberNo: expected.memberNo,
        provinceCode: '33',
        orgId,
        status: 'active',
        accountId: null,
        ...expected.person,
        newForm: expected.newForm,
        joinedAt: expected.joinedAt,
        source: expected.source,
        importId: expected.importId,
      });
      expect(decryptPerson(crypto.cipher, stored!)).toMatchObject({ name: '张三', workAddress: '柯桥街道中兴路1号' });
    }
  });

  it('skips people already on the roll and reports them in the order of the batch', async () => {
    const before = await writeMemberBatch(
      database,
      ids('roll', 5).map((id) => row(id)),
    );
    expect(before.written).toBe(5);
    const batch = [row('roll-new-0'), row('roll-3'), row('roll-new-1'), row('roll-0'), row('roll-new-2')];
    const result = await writeMemberBatch(database, batch);
    expect(result.written).toBe(3);
    expect(hex(result.duplicates)).toEqual(hex([batch[1]!.person.idIndex, batch[3]!.person.idIndex]));
    // The member already there is untouched: the batch's row for the same person was not written.
    const stored = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from member where id in (${batch[1]!.id}, ${batch[3]!.id})`,
    );
    expect(stored[0]?.n).toBe(0);
  });

  it('keeps the first of a person repeated within a batch', async () => {
    const first = row('twice');
    const again = row('twice');
    const third = row('twice');
    const other = row('once');
    const result = await writeMemberBatch(database, [first, other, again, third]);
    expect(result.written).toBe(2);
    expect(hex(result.duplicates)).toEqual(hex([first.person.idIndex, first.person.idIndex]));
    const stored = await database.db
      .select({ id: members.id })
      .from(members)
      .where(sql`${members.idIndex} = ${first.person.idIndex}`);
    expect(stored).toEqual([{ id: first.id }]);
  });

  it('writes a batch larger than one statement, with repeats in different chunks', async () => {
    const batch = ids('large', 2_500).map((id) => row(id));
    batch.push(row('large-10'), row('large-2400'));
    const result = await writeMemberBatch(database, batch);
    expect(result.written).toBe(2_500);
    expect(hex(result.duplicates)).toEqual(hex([batch[10]!.person.idIndex, batch[2_400]!.person.idIndex]));
  });

  it('writes nothing of a batch that fails, even past its first chunk', async () => {
    await writeMemberBatch(database, [row('already-on-the-roll')]);
    const before = await count();
    const batch = ids('failing', 1_800).map((id) => row(id));
    // A member number already handed out: not a duplicate person, a fault the whole batch must undo.
    const taken = (await database.db.select({ memberNo: members.memberNo }).from(members).limit(1))[0]!.memberNo;
    batch[1_500] = row('failing-1500', { memberNo: taken });
    await expect(writeMemberBatch(database, batch)).rejects.toThrow();
    expect(await count()).toBe(before);
    // And an unknown union (foreign key) in the last row.
    const second = ids('failing-fk', 1_200).map((id) => row(id));
    second[1_199] = row('failing-fk-1199', { orgId: uuidv7() });
    await expect(writeMemberBatch(database, second)).rejects.toThrow();
    expect(await count()).toBe(before);
    // The same people are written once the batch is right.
    batch[1_500] = row('failing-1500');
    expect((await writeMemberBatch(database, batch)).written).toBe(1_800);
  });

  it('returns at once for an empty batch', async () => {
    expect(await writeMemberBatch(database, [])).toEqual({ written: 0, duplicates: [] });
  });

  it.runIf(driver === 'postgres')('redoes the batch when someone joins online during the COPY, skipping only that person', async () => {
    const joining = row('joins-online');
    const batch = [row('copy-0'), row('joins-online'), row('copy-1')];
    let commit!: () => void;
    const gate = new Promise<void>((resolve) => (commit = resolve));
    let inserted!: () => void;
    const insertedOnline = new Promise<void>((resolve) => (inserted = resolve));
    const online = database.db.transaction(async (tx) => {
      await tx.insert(members).values({
        ...joining.person,
        id: joining.id,
        memberNo: joining.memberNo,
        provinceCode: '33',
        orgId,
        newForm: true,
        joinedAt: new Date(),
        source: 'seed',
      });
      inserted();
      await gate;
    });
    await insertedOnline;
    const writing = writeMemberBatch(database, batch);
    // The COPY meets the uncommitted row and waits for it; commit then, so that it fails.
    let waited = false;
    for (let i = 0; i < 200 && !waited; i++) {
      const [waiting] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'copy member%'`,
      );
      waited = Boolean(waiting?.n);
      if (!waited) await sleep(25);
    }
    commit();
    await online;
    expect(waited).toBe(true);
    const result = await writing;
    expect(result.written).toBe(2);
    expect(hex(result.duplicates)).toEqual(hex([batch[1]!.person.idIndex]));
    const stored = await database.db
      .select({ id: members.id })
      .from(members)
      .where(sql`${members.idIndex} = ${joining.person.idIndex}`);
    expect(stored).toEqual([{ id: joining.id }]);
  });
});
