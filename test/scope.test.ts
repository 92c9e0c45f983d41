import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../src/platform/audit/audit.js';
import { newApplication, newMember } from '../src/modules/members/testing.js';
import { campaignBody, newCampaign, newClaimFlag } from '../src/modules/campaigns/testing.js';
import { riderHomeInput } from '../src/modules/stations/testing.js';
import { filedHousehold, warmthAid } from '../src/modules/hardship/testing.js';
import { URUMQI_PLAN } from '../src/modules/mutual-aid/rules.js';
import { ALL_CHECKED, bill, claimBody } from './harness/mutual-aid.js';
import { shanghaiDay } from '../src/platform/time/shanghai.js';
import { drawCallbacks } from '../src/modules/hardship/service/help.js';
import { DEFAULT_STANDARD } from '../src/modules/stations/rules.js';
import { makeJpeg } from '../src/platform/files/testing.js';
import { createSource, importList } from './harness/census.js';
import { useTestApp } from './harness/app.js';
import { approvedMember, join, makeIdNumber, memberCookie, nextPhone } from './harness/members.js';

// An id no row has: the routes must refuse the sibling before they ever look it up.
const NOBODY = '00000000-0000-7000-8000-000000000000';

// Every console route that takes an id, called by the admin of the sibling district (越城区, who holds
// every role) with an id from 柯桥区: each must answer 404 and change nothing. A new route with an id
// must be added to BODIES, or this test fails — scope is proven for every route, not for a sample.
const BODIES: Record<string, unknown> = {
  'GET /api/console/orgs/:orgId': undefined,
  'PATCH /api/console/orgs/:orgId': { name: '被越权修改的名字' },
  'POST /api/console/orgs/:orgId/move': { newParentIdFrom: 'yuecheng', reason: '越权迁移' },
  'POST /api/console/orgs/:orgId/deactivate': { reason: '越权撤销' },
  'POST /api/console/orgs/:orgId/reactivate': { reason: '越权恢复' },
  'GET /api/console/staff/:staffId': undefined,
  'PATCH /api/console/staff/:staffId': { displayName: '越权' },
  'POST /api/console/staff/:staffId/reset-password': { password: 'Overreach@2026' },
  'POST /api/console/staff/:staffId/reset-totp': undefined,
  'POST /api/console/staff/:staffId/unlock': undefined,
  'POST /api/console/staff/:staffId/sign-out-everywhere': undefined,
  'GET /api/console/partners/:partnerId': undefined,
  'POST /api/console/partners/:partnerId/keys': { label: '越权' },
  'POST /api/console/partners/:partnerId/reveal-contact-phone': { reason: '越权查看' },
  'POST /api/console/partners/:partnerId/keys/:keyId/revoke': undefined,
  'GET /api/console/member-applications/:applicationId': undefined,
  'POST /api/console/member-applications/:applicationId/approve': {},
  'POST /api/console/member-applications/:applicationId/reject': { reason: '越权驳回' },
  'POST /api/console/member-applications/:applicationId/replace': { orgIdFrom: 'fushanStreet', reason: '越权调整' },
  'POST /api/console/member-applications/:applicationId/merge': { memberIdFrom: 'memberId', reason: '越权合并' },
  'POST /api/console/member-applications/:applicationId/override': { reason: '越权放行' },
  'GET /api/console/member-settings/:orgId': undefined,
  'PUT /api/console/member-settings/:orgId': { autoApprove: true, reviewSlaHours: 1 },
  'POST /api/console/member-transfers/:transferId/accept': {},
  'POST /api/console/member-transfers/:transferId/release': {},
  'POST /api/console/member-transfers/:transferId/reject': { reason: '越权驳回' },
  'GET /api/console/members/:memberId': undefined,
  'GET /api/console/member-imports/:importId': undefined,
  'GET /api/console/member-imports/:importId/errors.csv': undefined,
  'POST /api/console/members/:memberId/reveal': { reason: '越权查看' },
  'POST /api/console/members/:memberId/status': { action: 'suspend', reason: '越权停用' },
  'POST /api/console/members/:memberId/transfers': { toOrgIdFrom: 'fushanStreet', reason: '越权转会' },
  'GET /api/console/campaigns/:campaignId': undefined,
  'PUT /api/console/campaigns/:campaignId': { campaignBodyFrom: 'keqiao' },
  'GET /api/console/campaigns/:campaignId/preview': undefined,
  'GET /api/console/campaigns/:campaignId/stats': undefined,
  'POST /api/console/campaigns/:campaignId/submit': {},
  'POST /api/console/campaigns/:campaignId/approve': {},
  'POST /api/console/campaigns/:campaignId/reject': { reason: '越权退回' },
  'POST /api/console/campaigns/:campaignId/pause': { reason: '越权暂停' },
  'POST /api/console/campaigns/:campaignId/resume': {},
  'POST /api/console/campaigns/:campaignId/end': { reason: '越权结束' },
  'POST /api/console/campaign-claim-flags/:flagId/clear': { reason: '越权解除' },
  'POST /api/console/campaign-claim-flags/:flagId/block': { reason: '越权限制' },
  'GET /api/console/census/lists/:listId': undefined,
  'GET /api/console/census/lists/:listId/errors.csv': undefined,
  'GET /api/console/census/people/:personId': undefined,
  'POST /api/console/census/people/:personId/contacts': { outcome: 'refused', note: '越权记录' },
  'POST /api/console/census/people/:personId/match/confirm': {},
  'POST /api/console/census/people/:personId/match/reject': {},
  'GET /api/console/stations/:stationId': undefined,
  'PUT /api/console/stations/:stationId': { stationBodyFrom: 'keqiao' },
  'GET /api/console/stations/:stationId/photos': undefined,
  'POST /api/console/stations/:stationId/photos': undefined,
  'PUT /api/console/stations/:stationId/photos/order': { photoIdsFrom: 'photoId' },
  'GET /api/console/station-photos/:photoId': undefined,
  'PATCH /api/console/station-photos/:photoId': { caption: '越权修改' },
  'DELETE /api/console/station-photos/:photoId': undefined,
  'GET /api/console/station-standards/:orgId': undefined,
  'PUT /api/console/station-standards/:orgId': { items: [{ code: 'sign', text: '越权标准', required: true }] },
  'DELETE /api/console/station-standards/:orgId': undefined,
  'GET /api/console/stations/:stationId/inspections': undefined,
  'POST /api/console/stations/:stationId/inspections': { visitedOn: '2026-01-05', results: [{ code: 'sign', result: 'pass' }] },
  'GET /api/console/station-inspections/:inspectionId': undefined,
  'POST /api/console/station-inspections/:inspectionId/photos': undefined,
  'POST /api/console/stations/:stationId/status': { status: 'suspended', reason: '越权暂停' },
  'PUT /api/console/station-services/:serviceId': { name: '越权修改', category: 'legal_aid', durationMinutes: 60 },
  'GET /api/console/stations/:stationId/events': undefined,
  'POST /api/console/stations/:stationId/events': {
    kind: 'event',
    title: '越权活动',
    topics: [],
    recurrence: null,
    fromDay: '2030-01-07',
    starts: '09:00',
    ends: '10:00',
  },
  'POST /api/console/station-events/:eventId/cancel': { reason: '越权取消' },
  'GET /api/console/station-orders/:orderId': undefined,
  'POST /api/console/station-orders/:orderId/steps': { action: 'cancel', reason: '越权取消' },
  'GET /api/console/stations/:stationId/check-in-code': undefined,
  'GET /api/console/stations/:stationId/visits': undefined,
  'GET /api/console/funds/:fundId': undefined,
  'POST /api/console/funds/:fundId/sources': { name: '越权来源' },
  'POST /api/console/funds/:fundId/receipts': { sourceId: NOBODY, orgId: NOBODY, amountFen: 100 },
  'POST /api/console/funds/:fundId/allocations': { fromOrgId: NOBODY, toOrgId: NOBODY, amountFen: 100 },
  'POST /api/console/funds/:fundId/disbursements': { orgId: NOBODY, amountFen: 100 },
  'GET /api/console/funds/:fundId/statement': undefined,
  'GET /api/console/funds/:fundId/statement.xlsx': undefined,
  'GET /api/console/fund-transfers/:fundTransferId': undefined,
  'POST /api/console/fund-transfers/:fundTransferId/reverse': { reason: '越权冲正' },
  'GET /api/console/hardship-settings/:orgId': undefined,
  'PUT /api/console/hardship-settings/:orgId': { minimumLivingFen: 1 },
  'GET /api/console/hardship-competition/:orgId': undefined,
  'GET /api/console/hardship-files/:fileId/evidence': undefined,
  'GET /api/console/hardship-files/:fileId/contacts': undefined,
  'POST /api/console/hardship-files/:fileId/evidence': undefined,
  'GET /api/console/hardship-evidence/:evidenceId': undefined,
  'PUT /api/console/hardship-competition/:orgId': { indicators: [{ code: 'exits_share', weight: 100, better: 'higher' }] },
  'DELETE /api/console/hardship-competition/:orgId': undefined,
  'GET /api/console/hardship-files/:fileId': undefined,
  'POST /api/console/hardship-files/:fileId/visit': { visitedOn: '2026-12-01', visitors: ['越权'], checklist: [] },
  'POST /api/console/hardship-files/:fileId/review': { decision: 'reject', reason: '越权驳回' },
  'POST /api/console/hardship-files/:fileId/notice': {},
  'POST /api/console/hardship-files/:fileId/objections': { content: '越权异议' },
  'POST /api/console/hardship-files/:fileId/approve': {},
  'POST /api/console/hardship-files/:fileId/reject': { reason: '越权驳回' },
  'POST /api/console/hardship-files/:fileId/objections/:objectionId/resolve': { upheld: true, resolution: '越权处理' },
  'POST /api/console/hardship-files/:fileId/periodic-review': { outcome: 'exit', reason: '越权解困' },
  'POST /api/console/hardship-aid-batches/:batchId/pay': {},
  'POST /api/console/hardship-aid-batches/:batchId/reverse': { reason: '越权冲正' },
  'GET /api/console/hardship-aid-batches/:batchId/bank-file.xlsx': undefined,
  'PUT /api/console/hardship-files/:fileId/helpers': {
    helpers: [
      { name: '越权甲', phone: '13905751234' },
      { name: '越权乙', phone: '13905755678' },
    ],
  },
  'GET /api/console/hardship-files/:fileId/help-card': undefined,
  'POST /api/console/hardship-files/:fileId/contacts': { kind: 'call', contactedOn: '2026-12-01', done: '越权登记' },
  'POST /api/console/hardship-callbacks/:callbackId': { satisfaction: 1, problems: '越权回访' },
  'POST /api/console/hardship-needs/:needId/answer': { answer: '越权答复' },
  'POST /api/console/mutual-aid-plans/:planId/close': { reason: '越权停办' },
  'POST /api/console/mutual-aid-plans/:planId/groups': undefined,
  'GET /api/console/mutual-aid-plans/:planId/batches': undefined,
  'POST /api/console/mutual-aid-plans/:planId/batches': { name: '越权批次' },
  'GET /api/console/mutual-aid-claims/:claimId': undefined,
  'POST /api/console/mutual-aid-claims/:claimId/review': { action: 'reject', reason: '越权拒付' },
  'POST /api/console/mutual-aid-claims/:claimId/documents': undefined,
  'GET /api/console/mutual-aid-documents/:documentId': undefined,
  'POST /api/console/mutual-aid-batches/:payoutBatchId/pay': {},
  'GET /api/console/mutual-aid-batches/:payoutBatchId/bank-file.xlsx': undefined,
};

// Routes whose query is required: called with one, so that the refusal is the scope's and not the schema's.
const QUERIES: Record<string, string> = {
  'GET /api/console/hardship-aid-batches/:batchId/bank-file.xlsx': `?reason=${encodeURIComponent('越权导出')}`,
  'POST /api/console/hardship-files/:fileId/evidence': '?kind=certificate',
  'POST /api/console/mutual-aid-plans/:planId/groups': `?orgId=00000000-0000-7000-8000-000000000000&payerName=${encodeURIComponent('越权单位')}`,
  'POST /api/console/mutual-aid-claims/:claimId/documents': '?kind=invoice',
  'GET /api/console/mutual-aid-batches/:payoutBatchId/bank-file.xlsx': `?reason=${encodeURIComponent('越权导出')}`,
};

// Jobs are platform-wide housekeeping, not data of any organisation: they are guarded by the jobs
// role alone, which only platform operators hold.
const NOT_ORG_SCOPED = new Set(['POST /api/console/jobs/:name/run']);

describe('subtree scope', () => {
  const h = useTestApp();

  it('answers 404 to staff of a sibling district on every route with an id, and changes nothing', async () => {
    const { t } = h;
    const keqiaoAdmin = await t.staffCookie('keqiao');
    const sibling = await t.staffCookie('yuecheng');
    const keqiaoStaff = (await t.request({ method: 'GET', url: '/api/console/staff?q=keqiao.street', cookie: keqiaoAdmin })).json()
      .items[0];
    const partner = (await t.request({ method: 'GET', url: '/api/console/partners', cookie: keqiaoAdmin })).json().items[0];
    // A 柯桥 member with a transfer under way, and a pending application: the sibling must reach none.
    const member = await approvedMember(t, { idNumber: makeIdNumber('330621', '19900101', 11) });
    const transfer = (
      await t.request({
        method: 'POST',
        url: `/api/console/members/${member.memberId}/transfers`,
        cookie: keqiaoAdmin,
        body: { toOrgId: t.demo.huasheStreet.id, reason: '工作地点变更' },
      })
    ).json();
    const pending = (await join(t, { idNumber: makeIdNumber('330621', '19900101', 13) })).response.json().application;
    const upload = await t.request({
      method: 'POST',
      url: '/api/console/member-imports?fileName=roll.csv&mode=valid_rows',
      cookie: keqiaoAdmin,
      body: '姓名,身份证号,行业,工作地区划代码\n张三,1,快递员,330603001',
      headers: { 'content-type': 'text/csv' },
    });
    expect(upload.statusCode).toBe(202);
    // Let the import finish first: its closing audit record must not count as a change made by the sibling.
    for (let i = 0; i < 100; i++) {
      const job = (
        await t.request({ method: 'GET', url: `/api/console/member-imports/${upload.json().id as string}`, cookie: keqiaoAdmin })
      ).json();
      if (job.finishedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // A 柯桥 campaign waiting for approval, and an account of 柯桥 flagged for scripted claims.
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id), { approve: false });
    await t.request({ method: 'POST', url: `/api/console/campaigns/${campaign.id}/submit`, cookie: keqiaoAdmin, body: {} });
    const flagged = await newMember(t.platform);
    const flagId = await newClaimFlag(t.platform.db, { accountId: flagged.accountId, memberId: flagged.memberId, orgId: flagged.orgId });
    // A census list of 柯桥, counted.
    const source = await createSource(t, '柯桥区市场监管局');
    const list = await importList(
      t,
      `姓名,身份证号,行业\n张三,1,快递员\n李四,${makeIdNumber('330603', '19900101', 77)},快递员`,
      `sourceId=${source}&regionCode=330603`,
    );
    const person = (await t.request({ method: 'GET', url: '/api/console/census/people', cookie: keqiaoAdmin })).json().items[0];
    // A station of 柯桥.
    const station = await t.request({
      method: 'POST',
      url: '/api/console/stations',
      cookie: keqiaoAdmin,
      body: riderHomeInput(t.demo.keqiao.id),
    });
    expect(station.statusCode, station.body).toBe(201);
    // A service of 柯桥 ordered at that station, and a service day there.
    const service = await t.request({
      method: 'POST',
      url: '/api/console/station-services',
      cookie: keqiaoAdmin,
      body: { orgId: t.demo.keqiao.id, name: '法律援助', category: 'legal_aid', durationMinutes: 60 },
    });
    const serviceDay = await t.request({
      method: 'POST',
      url: `/api/console/stations/${station.json().id as string}/events`,
      cookie: keqiaoAdmin,
      body: {
        kind: 'service_day',
        title: '逢7服务日',
        topics: ['法律援助'],
        recurrence: { kind: 'month_days', days: [7, 17, 27] },
        fromDay: '2026-01-01',
        starts: '09:00',
        ends: '11:00',
      },
    });
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const order = await t.request({
      method: 'POST',
      url: `/api/member/stations/${station.json().id as string}/orders`,
      cookie: await memberCookie(t, nextPhone()),
      body: { serviceId: service.json().id, slotAt: `${tomorrow}T10:00:00+08:00` },
    });
    expect([service.statusCode, serviceDay.statusCode, order.statusCode], order.body).toEqual([201, 201, 201]);
    // Its photo, and an inspection.
    const photo = await t.request({
      method: 'POST',
      url: `/api/console/stations/${station.json().id as string}/photos`,
      cookie: keqiaoAdmin,
      body: makeJpeg(),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(photo.statusCode, photo.body).toBe(201);
    const inspection = await t.request({
      method: 'POST',
      url: `/api/console/stations/${station.json().id as string}/inspections`,
      cookie: keqiaoAdmin,
      // The UTC day is never after the Shanghai day: never a visit in the future.
      body: { visitedOn: new Date().toISOString().slice(0, 10), results: DEFAULT_STANDARD.map((p) => ({ code: p.code, result: 'pass' })) },
    });
    expect(inspection.statusCode, inspection.body).toBe(201);
    // A fund of 柯桥 with money received and one payment out.
    const fund = await t.request({
      method: 'POST',
      url: '/api/console/funds',
      cookie: keqiaoAdmin,
      body: { orgId: t.demo.keqiao.id, name: '区级送温暖资金', purpose: 'warmth', sources: ['区财政补助'] },
    });
    const receipt = await t.request({
      method: 'POST',
      url: `/api/console/funds/${fund.json().id as string}/receipts`,
      cookie: keqiaoAdmin,
      body: { sourceId: fund.json().sources[0].id, orgId: t.demo.keqiao.id, amountFen: 500_000 },
    });
    expect([fund.statusCode, receipt.statusCode], receipt.body).toEqual([201, 201]);
    // A hardship file of 柯桥, under its own threshold.
    await t.request({
      method: 'PUT',
      url: `/api/console/hardship-settings/${t.demo.keqiao.id}`,
      cookie: keqiaoAdmin,
      body: { minimumLivingFen: 100_000 },
    });
    const hardshipId = makeIdNumber('330621', '19850312', 51);
    const hardshipFile = await t.request({
      method: 'POST',
      url: '/api/console/hardship-files',
      cookie: keqiaoAdmin,
      body: {
        orgId: t.demo.keqiao.id,
        applicant: { name: '张建华', idNumber: hardshipId, phone: nextPhone() },
        members: [
          { name: '张建华', relation: 'self', age: 41, health: 'serious_illness', schooling: 'not_applicable', monthlyIncomeFen: 50_000 },
        ],
        declaredSize: 1,
        declaredMonthlyIncomeFen: 50_000,
        causes: [{ cause: 'illness', since: '2026-01-01' }],
      },
    });
    expect(hardshipFile.statusCode, hardshipFile.body).toBe(201);
    // A filed household of 柯桥 in a batch of 送温暖 aid.
    const filed = await filedHousehold(t, 52);
    const aid = await warmthAid(t);
    const aidBatch = await t.request({
      method: 'POST',
      url: '/api/console/hardship-aid-batches',
      cookie: keqiaoAdmin,
      body: { orgId: t.demo.keqiao.id, itemId: aid.itemId, name: '春节送温暖', aids: [{ fileId: filed.id }] },
    });
    expect(aidBatch.statusCode, aidBatch.body).toBe(201);
    // Its weekly call-back, and a need its worker posted.
    await drawCallbacks(t.platform.db);
    const callback = (await t.request({ method: 'GET', url: '/api/console/hardship-callbacks', cookie: keqiaoAdmin })).json().items[0];
    const need = await t.request({
      method: 'POST',
      url: '/api/member/hardship-needs',
      cookie: await memberCookie(t, filed.phone),
      body: { content: '希望帮助联系工作' },
    });
    expect([callback?.id ? 200 : 0, need.statusCode]).toEqual([200, 201]);
    const evidence = await t.request({
      method: 'POST',
      url: `/api/console/hardship-files/${hardshipFile.json().id as string}/evidence?kind=certificate`,
      cookie: keqiaoAdmin,
      body: makeJpeg(),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(evidence.statusCode, evidence.body).toBe(201);
    // 柯桥's own mutual-aid plan, its member enrolled with one claim open (with an invoice) and one approved in a batch.
    const plan = await t.request({
      method: 'POST',
      url: '/api/console/mutual-aid-plans',
      cookie: keqiaoAdmin,
      body: {
        orgId: t.demo.keqiao.id,
        name: '柯桥区职工互助',
        code: 'KQHZ',
        rule: URUMQI_PLAN,
        startOn: '2026-01-01',
        secondReviewAboveFen: 10_000_000,
        samplePct: 0,
      },
    });
    expect(plan.statusCode, plan.body).toBe(201);
    const enrolment = await t.request({
      method: 'POST',
      url: '/api/member/mutual-aid/enrolments',
      cookie: member.cookie,
      body: {
        planId: plan.json().id,
        relation: 'self',
        insured: { name: '李明', idNumber: makeIdNumber('330621', '19900101', 11) },
        shares: 1,
        employed: true,
        healthDeclared: true,
      },
    });
    expect(enrolment.statusCode, enrolment.body).toBe(201);
    const fileClaim = () =>
      t.request({
        method: 'POST',
        url: '/api/member/mutual-aid/claims',
        cookie: member.cookie,
        body: claimBody(enrolment.json().enrolment.id as string, shanghaiDay(new Date()), bill({ total: 2_000, inScope: 1_000 })),
      });
    const openClaim = await fileClaim();
    const paidClaim = await fileClaim();
    expect([openClaim.statusCode, paidClaim.statusCode]).toEqual([201, 201]);
    const approved = await t.request({
      method: 'POST',
      url: `/api/console/mutual-aid-claims/${paidClaim.json().id as string}/review`,
      cookie: keqiaoAdmin,
      body: { action: 'approve', checklist: ALL_CHECKED },
    });
    expect(approved.json()).toMatchObject({ status: 'approved' });
    const payoutBatch = await t.request({
      method: 'POST',
      url: `/api/console/mutual-aid-plans/${plan.json().id as string}/batches`,
      cookie: keqiaoAdmin,
      body: { name: '柯桥互助金第一批' },
    });
    expect(payoutBatch.statusCode, payoutBatch.body).toBe(201);
    const invoice = await t.request({
      method: 'POST',
      url: `/api/member/mutual-aid/claims/${openClaim.json().id as string}/documents?kind=invoice`,
      cookie: member.cookie,
      body: makeJpeg(),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(invoice.statusCode, invoice.body).toBe(201);
    const ids: Record<string, string> = {
      planId: plan.json().id as string,
      claimId: openClaim.json().id as string,
      documentId: invoice.json().id as string,
      payoutBatchId: payoutBatch.json().id as string,
      evidenceId: evidence.json().id as string,
      callbackId: callback.id as string,
      needId: need.json().id as string,
      batchId: aidBatch.json().id as string,
      fileId: hardshipFile.json().id as string,
      objectionId: NOBODY,
      fundId: fund.json().id as string,
      fundTransferId: receipt.json().id as string,
      serviceId: service.json().id as string,
      eventId: serviceDay.json().id as string,
      orderId: order.json().id as string,
      stationId: station.json().id as string,
      photoId: photo.json().id as string,
      inspectionId: inspection.json().id as string,
      listId: list.id as string,
      personId: person.id as string,
      campaignId: campaign.id,
      flagId,
      orgId: t.demo.keqiaoStreet.id,
      staffId: keqiaoStaff.id,
      partnerId: partner.id,
      keyId: partner.keys[0].id,
      memberId: member.memberId,
      applicationId: pending.id,
      transferId: transfer.id,
      importId: upload.json().id,
    };

    const snapshot = async () => ({
      tree: (
        await t.request({
          method: 'GET',
          url: `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}&includeInactive=true`,
          cookie: keqiaoAdmin,
        })
      ).json(),
      street: (await t.request({ method: 'GET', url: `/api/console/orgs/${t.demo.keqiaoStreet.id}`, cookie: keqiaoAdmin })).json(),
      staff: (await t.request({ method: 'GET', url: `/api/console/staff/${keqiaoStaff.id as string}`, cookie: keqiaoAdmin })).json(),
      partner: (await t.request({ method: 'GET', url: `/api/console/partners/${partner.id as string}`, cookie: keqiaoAdmin })).json(),
      audit: (await verifyAuditChain(t.platform.db)).checked,
      member: (await t.request({ method: 'GET', url: `/api/console/members/${member.memberId}`, cookie: keqiaoAdmin })).json(),
      application: (
        await t.request({ method: 'GET', url: `/api/console/member-applications/${pending.id as string}`, cookie: keqiaoAdmin })
      ).json(),
      settings: (
        await t.request({ method: 'GET', url: `/api/console/member-settings/${t.demo.keqiaoStreet.id}`, cookie: keqiaoAdmin })
      ).json(),
      campaign: (await t.request({ method: 'GET', url: `/api/console/campaigns/${campaign.id}`, cookie: keqiaoAdmin })).json(),
      flags: (await t.request({ method: 'GET', url: '/api/console/campaign-claim-flags', cookie: keqiaoAdmin })).json(),
      list: (await t.request({ method: 'GET', url: `/api/console/census/lists/${list.id as string}`, cookie: keqiaoAdmin })).json(),
      person: (await t.request({ method: 'GET', url: `/api/console/census/people/${person.id as string}`, cookie: keqiaoAdmin })).json(),
      station: (
        await t.request({ method: 'GET', url: `/api/console/stations/${station.json().id as string}`, cookie: keqiaoAdmin })
      ).json(),
      photos: (
        await t.request({ method: 'GET', url: `/api/console/stations/${station.json().id as string}/photos`, cookie: keqiaoAdmin })
      ).json(),
      inspections: (
        await t.request({ method: 'GET', url: `/api/console/stations/${station.json().id as string}/inspections`, cookie: keqiaoAdmin })
      ).json(),
      stationOrder: (
        await t.request({ method: 'GET', url: `/api/console/station-orders/${order.json().id as string}`, cookie: keqiaoAdmin })
      ).json(),
      stationEvents: (
        await t.request({ method: 'GET', url: `/api/console/stations/${station.json().id as string}/events`, cookie: keqiaoAdmin })
      ).json(),
      stationServices: (await t.request({ method: 'GET', url: '/api/console/station-services', cookie: keqiaoAdmin })).json(),
      standard: (
        await t.request({ method: 'GET', url: `/api/console/station-standards/${t.demo.keqiaoStreet.id}`, cookie: keqiaoAdmin })
      ).json(),
      fund: (
        await t.request({ method: 'GET', url: `/api/console/funds/${fund.json().id as string}/statement`, cookie: keqiaoAdmin })
      ).json(),
      mutualAidClaims: (await t.request({ method: 'GET', url: '/api/console/mutual-aid-claims', cookie: keqiaoAdmin })).json(),
      mutualAidBatches: (
        await t.request({ method: 'GET', url: `/api/console/mutual-aid-plans/${plan.json().id as string}/batches`, cookie: keqiaoAdmin })
      ).json(),
    });
    const before = await snapshot();

    const withIds = t.app.routeTable.filter((r) => r.url.includes('/:') && r.access?.auth === 'staff');
    expect(withIds.length).toBeGreaterThan(10);
    const checked: string[] = [];
    for (const route of withIds) {
      const key = `${route.method} ${route.url}`;
      if (NOT_ORG_SCOPED.has(key)) continue;
      expect(Object.keys(BODIES), `add ${key} to BODIES in test/scope.test.ts`).toContain(key);
      const url =
        route.url.replace(/:(\w+)/g, (_, name: string) => {
          const id = ids[name];
          if (!id) throw new Error(`no id for :${name}`);
          return id;
        }) + (QUERIES[key] ?? '');
      let body = BODIES[key];
      if (body && typeof body === 'object' && 'newParentIdFrom' in body) body = { newParentId: t.demo.fushanStreet.id, reason: '越权迁移' };
      if (body && typeof body === 'object' && 'orgIdFrom' in body) body = { orgId: t.demo.fushanStreet.id, reason: '越权调整' };
      if (body && typeof body === 'object' && 'toOrgIdFrom' in body) body = { toOrgId: t.demo.fushanStreet.id, reason: '越权转会' };
      if (body && typeof body === 'object' && 'campaignBodyFrom' in body) body = campaignBody(t.demo.keqiao.id, { name: '越权修改' });
      if (body && typeof body === 'object' && 'memberIdFrom' in body) body = { memberId: member.memberId, reason: '越权合并' };
      if (body && typeof body === 'object' && 'stationBodyFrom' in body) body = riderHomeInput(t.demo.keqiao.id, '越权修改');
      if (body && typeof body === 'object' && 'photoIdsFrom' in body) body = { photoIds: [ids.photoId] };
      const response = await t.request({ method: route.method as 'GET', url, cookie: sibling, ...(body !== undefined ? { body } : {}) });
      expect(response.statusCode, `${key} → ${response.body}`).toBe(404);
      checked.push(key);
    }
    expect(checked.length).toBe(Object.keys(BODIES).length);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the sibling district out of lists and searches', async () => {
    const { t } = h;
    // 柯桥 has a member with a transfer under way and a pending application.
    const idNumber = makeIdNumber('330621', '19900101', 11);
    const member = await newMember(t.platform, { idNumber });
    const transfer = await t.request({
      method: 'POST',
      url: `/api/console/members/${member.memberId}/transfers`,
      cookie: await t.staffCookie('keqiao'),
      body: { toOrgId: t.demo.huasheStreet.id, reason: '工作地点变更' },
    });
    expect(transfer.statusCode, transfer.body).toBe(201);
    await newApplication(t.platform);
    const sibling = await t.staffCookie('yuecheng');
    const search = await t.request({ method: 'GET', url: `/api/console/orgs?q=${encodeURIComponent('柯桥')}`, cookie: sibling });
    expect(search.json().items).toEqual([]);
    const children = await t.request({ method: 'GET', url: `/api/console/orgs/tree?parentId=${t.demo.keqiao.id}`, cookie: sibling });
    expect(children.statusCode).toBe(404);
    const staff = await t.request({ method: 'GET', url: '/api/console/staff', cookie: sibling });
    expect(staff.json().items.map((s: { username: string }) => s.username)).toEqual(['yuecheng']);
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?limit=200', cookie: sibling });
    for (const item of audit.json().items) expect(item.orgPath).toMatch(new RegExp(`^${t.demo.yuecheng.path}`));
    const partners = await t.request({ method: 'GET', url: '/api/console/partners', cookie: sibling });
    expect(partners.json().items).toEqual([]);
    // 柯桥's members are invisible: roll, exact ID search, applications, transfers, stats.
    const roll = await t.request({ method: 'GET', url: '/api/console/members', cookie: sibling });
    expect(roll.json()).toMatchObject({ items: [], total: 0 });
    const byId = await t.request({
      method: 'GET',
      url: `/api/console/members?q=${idNumber}`,
      cookie: sibling,
    });
    expect(byId.json()).toMatchObject({ items: [], total: 0 });
    const keqiaoRoll = await t.request({ method: 'GET', url: '/api/console/members', cookie: await t.staffCookie('keqiao') });
    expect(keqiaoRoll.json().total).toBeGreaterThan(0);
    const applications = await t.request({ method: 'GET', url: '/api/console/member-applications', cookie: sibling });
    expect(applications.json().items).toEqual([]);
    for (const direction of ['in', 'out']) {
      const transfers = await t.request({ method: 'GET', url: `/api/console/member-transfers?direction=${direction}`, cookie: sibling });
      expect(transfers.json().items).toEqual([]);
    }
    const stats = await t.request({ method: 'GET', url: `/api/console/members/stats?orgId=${t.demo.keqiao.id}`, cookie: sibling });
    expect(stats.statusCode).toBe(404);
    const export_ = await t.request({
      method: 'GET',
      url: `/api/console/members/export.xlsx?orgId=${t.demo.keqiao.id}&reason=${encodeURIComponent('越权导出')}`,
      cookie: sibling,
    });
    expect(export_.statusCode).toBe(404);
    // 柯桥's census: its sources, lists and people are not the sibling's, nor can it upload for 柯桥.
    const source = await createSource(t, '柯桥区市场监管局');
    await importList(
      t,
      `姓名,身份证号,行业\n张三,${makeIdNumber('330603', '19900101', 78)},快递员`,
      `sourceId=${source}&regionCode=330603`,
    );
    expect((await t.request({ method: 'GET', url: '/api/console/census/sources', cookie: sibling })).json().items).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/console/census/lists', cookie: sibling })).json().items).toEqual([]);
    expect((await t.request({ method: 'GET', url: '/api/console/census/coverage', cookie: sibling })).json().totals.census).toBe(0);
    expect((await t.request({ method: 'GET', url: '/api/console/census/people?coverage=all', cookie: sibling })).json().items).toEqual([]);
    const keqiaoPerson = (
      await t.request({ method: 'GET', url: '/api/console/census/people', cookie: await t.staffCookie('keqiao') })
    ).json().items[0];
    const invite = await t.request({
      method: 'POST',
      url: '/api/console/census/invitations',
      cookie: sibling,
      body: { personIds: [keqiaoPerson.id], campaign: '越权邀请' },
    });
    expect(invite.statusCode).toBe(404);
    const assign = await t.request({
      method: 'POST',
      url: '/api/console/census/people/assign',
      cookie: sibling,
      body: { personIds: [keqiaoPerson.id], staffId: null },
    });
    expect(assign.statusCode).toBe(404);
    const foreignUpload = await t.request({
      method: 'POST',
      url: `/api/console/census/lists?sourceId=${source}&regionCode=330603`,
      cookie: sibling,
      body: '姓名,身份证号,行业\n李四,330603199001010027,快递员',
      headers: { 'content-type': 'text/csv' },
    });
    expect(foreignUpload.statusCode).toBe(404);
    // Nor learn, before an upload, which of 柯桥's lists it would replace.
    const foreignReplaced = await t.request({
      method: 'GET',
      url: `/api/console/census/lists/replaced?sourceId=${source}&regionCode=330603`,
      cookie: sibling,
    });
    expect(foreignReplaced.statusCode).toBe(404);
    // The census's staff picker (no id to try): each district is offered its own staff, never the other's.
    const offered = async (cookie: string) =>
      ((await t.request({ method: 'GET', url: '/api/console/census/assignable-staff', cookie })).json().items as { orgName: string }[]).map(
        (s) => s.orgName,
      );
    expect(await offered(sibling)).toEqual(['越城区总工会']);
    const keqiaoOffered = await offered(await t.staffCookie('keqiao'));
    expect(keqiaoOffered).toContain('柯桥区总工会');
    expect(keqiaoOffered).not.toContain('越城区总工会');
  });

  it('refuses to create under, or move into, a sibling district', async () => {
    const { t } = h;
    const sibling = await t.staffCookie('yuecheng');
    const create = await t.request({
      method: 'POST',
      url: '/api/console/orgs',
      cookie: sibling,
      body: { parentId: t.demo.keqiao.id, kind: 'township', name: '越权街道工会', regionCode: '330603004' },
    });
    expect(create.statusCode).toBe(404);
    const move = await t.request({
      method: 'POST',
      url: `/api/console/orgs/${t.demo.fushanStreet.id}/move`,
      cookie: sibling,
      body: { newParentId: t.demo.keqiao.id, reason: '越权迁入' },
    });
    expect(move.statusCode).toBe(404);
    const staff = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: sibling,
      body: { orgId: t.demo.keqiao.id, username: 'planted', displayName: '越权账号', password: 'Planted@2026', roles: {} },
    });
    expect(staff.statusCode).toBe(404);
    const partner = await t.request({
      method: 'POST',
      url: '/api/console/partners',
      cookie: sibling,
      body: { orgId: t.demo.keqiao.id, name: '越权商户', kind: 'merchant' },
    });
    expect(partner.statusCode).toBe(404);
  });

  it('lets the city union above both districts see into each', async () => {
    const { t } = h;
    const created = await t.request({
      method: 'POST',
      url: '/api/console/staff',
      cookie: await t.staffCookie('zhejiang'),
      body: {
        orgId: t.demo.city.id,
        username: 'shaoxing',
        displayName: '绍兴市总工会干事',
        password: 'Shaoxing@2026',
        roles: { orgs: 'viewer' },
      },
    });
    expect(created.statusCode).toBe(201);
    const city = await t.staffCookie('shaoxing');
    expect((await t.request({ method: 'GET', url: `/api/console/orgs/${t.demo.keqiaoStreet.id}`, cookie: city })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/console/orgs/${t.demo.fushanStreet.id}`, cookie: city })).statusCode).toBe(200);
    expect((await t.request({ method: 'GET', url: `/api/console/orgs/${t.demo.province.id}`, cookie: city })).statusCode).toBe(404);
  });
});
