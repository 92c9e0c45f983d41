import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';
import { systemActor } from '../../platform/audit/audit.js';
import { inTransaction } from '../../platform/db/tx.js';
import {
  findMemberByAccount,
  findMemberById,
  getMemberSnapshot,
  getMembersByIds,
  listMembersInSubtree,
  requireActiveMember,
} from './index.js';
import { changeMemberStatus } from './service/index.js';
import { newMember } from './testing.js';

const everything = { orgId: '', path: '/' };

class RolledBack extends Error {}

describe('the reads other modules make of the roll', () => {
  const h = useTestApp();

  it('answers a member by id, by account and by ids (in the order asked), with the union path and nothing personal', async () => {
    const { t } = h;
    const db = t.app.platform.db;
    const a = await approvedMember(t, { name: '钱一', idNumber: makeIdNumber('330621', '19900101', 211), trade: 'food_delivery' });
    const b = await approvedMember(t, { name: '钱二', idNumber: makeIdNumber('330621', '19850505', 212), trade: 'courier' });
    const summary = await findMemberById(db, a.memberId);
    expect(summary).toMatchObject({
      id: a.memberId,
      status: 'active',
      orgId: t.demo.keqiaoStreet.id,
      orgPath: t.demo.keqiaoStreet.path,
      trade: 'food_delivery',
      newForm: true,
      gender: 'male',
      birthDate: '1990-01-01',
      workRegionCode: '330603001',
    });
    expect(Object.keys(summary ?? {})).not.toEqual(expect.arrayContaining(['name', 'idNumber', 'phone', 'nameCipher']));
    expect((await findMemberByAccount(db, summary?.accountId ?? ''))?.id).toBe(a.memberId);
    expect(await findMemberById(db, '01900000-0000-7000-8000-000000000000')).toBeNull();
    const both = await getMembersByIds(db, [b.memberId, a.memberId, b.memberId, '01900000-0000-7000-8000-000000000000']);
    expect(both.map((m) => m.id)).toEqual([b.memberId, a.memberId]);
    expect(await getMembersByIds(db, [])).toEqual([]);
  });

  it('gives eligibility rules a snapshot, and refuses a member who is not active with a stable code', async () => {
    const { t } = h;
    const db = t.app.platform.db;
    const m = await approvedMember(t, { name: '孙三', idNumber: makeIdNumber('330621', '19920202', 222), trade: 'courier' });
    const snapshot = await requireActiveMember(db, m.memberId);
    expect(snapshot).toMatchObject({ memberId: m.memberId, trade: 'courier', newForm: true, gender: 'female', birthDate: '1992-02-02' });
    expect(snapshot.unionPath.startsWith(t.demo.keqiao.path)).toBe(true);
    expect(snapshot.memberSince).toBeInstanceOf(Date);
    await changeMemberStatus(db, t.app.platform, systemActor('test'), everything, m.memberId, 'suspend', '测试');
    await expect(requireActiveMember(db, m.memberId)).rejects.toMatchObject({ code: 'members.member_inactive' });
    expect((await getMemberSnapshot(db, m.memberId)).status).toBe('suspended');
    await expect(requireActiveMember(db, '01900000-0000-7000-8000-000000000000')).rejects.toMatchObject({ code: 'members.not_found' });
  });

  it('runs inside the caller’s transaction: sees its uncommitted writes, and a rollback leaves nothing', async () => {
    const { t } = h;
    const p = t.app.platform;
    const m = await approvedMember(t, { name: '周四', idNumber: makeIdNumber('330621', '19930303', 233), trade: 'food_delivery' });
    await expect(
      inTransaction(p.db, async (tx) => {
        // Another module's use case: a members write and a members read, one transaction.
        await changeMemberStatus(tx, p, systemActor('test'), everything, m.memberId, 'suspend', '测试');
        await expect(requireActiveMember(tx, m.memberId)).rejects.toMatchObject({ code: 'members.member_inactive' });
        expect((await findMemberById(tx, m.memberId))?.status).toBe('suspended');
        throw new RolledBack();
      }),
    ).rejects.toBeInstanceOf(RolledBack);
    expect((await requireActiveMember(p.db, m.memberId)).status).toBe('active');
  });

  it('pages through a subtree in id order, every member once, and nothing of a sibling subtree', async () => {
    const { t } = h;
    const db = t.app.platform.db;
    const keqiao = { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
    // Five members at streets of 柯桥, one at 越城's 府山街道: pages of two, then the sibling's.
    for (let i = 0; i < 5; i++) await newMember(t.platform);
    await newMember(t.platform, { workRegionCode: '330602002' });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listMembersInSubtree>> = await listMembersInSubtree(db, keqiao, { cursor, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((m) => m.id));
      for (const m of page.items) expect(m.orgPath.startsWith(keqiao.path)).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(5);
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(seen);
    const active = await listMembersInSubtree(db, keqiao, { limit: 100, status: 'active' });
    expect(active.items.every((m) => m.status === 'active')).toBe(true);
    const sibling = await listMembersInSubtree(db, { orgId: t.demo.yuecheng.id, path: t.demo.yuecheng.path }, { limit: 100 });
    expect(sibling.items).toHaveLength(1);
    expect(seen).not.toContain(sibling.items[0]?.id);
  });
});
