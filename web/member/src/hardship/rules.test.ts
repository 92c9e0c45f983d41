import { describe, expect, it } from 'vitest';
import {
  FILE_STATUSES,
  HARDSHIP_CATEGORIES,
  HARDSHIP_CAUSES,
  HEALTH,
  OTHER_RELATIONS,
  RELATIONS,
  SCHOOLING,
  STEP_KINDS,
  SUDDEN_CAUSES,
  applicationBody,
  chosenCauses,
  dayOf,
  fileForNeeds,
  needContent,
  formTargetOf,
  hasSuddenCause,
  householdTotals,
  isStepKind,
  parseAge,
  parseYuan,
  placeProblems,
  publicReason,
  sortFiles,
  yuanText,
  type ApplyValues,
} from './rules.ts';

// Through variables: the web app has its own tsconfig, not the server's.
const serverRulesPath = '../../../../src/modules/hardship/rules.ts';
const serverSchemaPath = '../../../../src/modules/hardship/schema.ts';
const serverRules = (await import(/* @vite-ignore */ serverRulesPath)) as {
  HARDSHIP_CAUSES: readonly string[];
  SUDDEN_CAUSES: readonly string[];
  HARDSHIP_CATEGORIES: readonly string[];
  RELATIONS: readonly string[];
  HEALTH: readonly string[];
  SCHOOLING: readonly string[];
  checkHousehold: (input: {
    members: { relation: string; age: number; health: string; schooling: string; monthlyIncomeFen: number }[];
    declaredSize: number;
    declaredMonthlyIncomeFen: number;
  }) => { field: string }[];
  perCapitaMonthlyFen: (totalFen: number, size: number) => number;
};
const serverSchema = (await import(/* @vite-ignore */ serverSchemaPath)) as {
  FILE_STATUSES: readonly string[];
  STEP_KINDS: readonly string[];
};

describe('the lists the form offers', () => {
  it('are the server’s, in its order', () => {
    expect([...HARDSHIP_CAUSES]).toEqual([...serverRules.HARDSHIP_CAUSES]);
    expect([...SUDDEN_CAUSES]).toEqual([...serverRules.SUDDEN_CAUSES]);
    expect([...HARDSHIP_CATEGORIES]).toEqual([...serverRules.HARDSHIP_CATEGORIES]);
    expect([...RELATIONS]).toEqual([...serverRules.RELATIONS]);
    expect([...HEALTH]).toEqual([...serverRules.HEALTH]);
    expect([...SCHOOLING]).toEqual([...serverRules.SCHOOLING]);
    expect([...FILE_STATUSES]).toEqual([...serverSchema.FILE_STATUSES]);
    // Every step the server writes has a label here (a newer one shows as 办理 until it gets one).
    expect(serverSchema.STEP_KINDS.filter((kind) => !isStepKind(kind))).toEqual([]);
    expect(STEP_KINDS.slice(0, 10)).toEqual(serverSchema.STEP_KINDS.slice(0, 10));
  });

  it('offers every relation but 本人 for the rows after the first', () => {
    expect(OTHER_RELATIONS).toEqual(['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other']);
  });

  it('asks for a one-off burden only with a cause that strikes at once', () => {
    expect(hasSuddenCause(['illness', 'schooling'])).toBe(false);
    expect(hasSuddenCause(['illness', 'accident'])).toBe(true);
    expect(hasSuddenCause(['work_injury_or_death'])).toBe(true);
    expect(hasSuddenCause(undefined)).toBe(false);
  });
});

describe(parseYuan.name, () => {
  it('reads yuan as a rider types them into integer fen, exactly', () => {
    expect(parseYuan('2400')).toEqual({ ok: true, fen: 240_000 });
    expect(parseYuan('2,400.5')).toEqual({ ok: true, fen: 240_050 });
    expect(parseYuan('0.29')).toEqual({ ok: true, fen: 29 });
    expect(parseYuan('4.35')).toEqual({ ok: true, fen: 435 });
    expect(parseYuan(' ¥1,200 ')).toEqual({ ok: true, fen: 120_000 });
    expect(parseYuan('1200元')).toEqual({ ok: true, fen: 120_000 });
    expect(parseYuan('２４００')).toEqual({ ok: true, fen: 240_000 });
    expect(parseYuan('3.')).toEqual({ ok: true, fen: 300 });
    expect(parseYuan('.5')).toEqual({ ok: true, fen: 50 });
  });

  it('takes zero: a member without income', () => {
    expect(parseYuan('0')).toEqual({ ok: true, fen: 0 });
    expect(parseYuan('0.00')).toEqual({ ok: true, fen: 0 });
  });

  it('refuses what is no amount, a third decimal, and absurd sums', () => {
    for (const bad of ['', ' ', '.', 'abc', '-5', '1,23', '12a', '1.2.3', '2 400 x'])
      expect(parseYuan(bad), bad).toEqual({ ok: false, problem: 'format' });
    expect(parseYuan('2400.555')).toEqual({ ok: false, problem: 'too_precise' });
    expect(parseYuan('10000000')).toEqual({ ok: true, fen: 1_000_000_000 });
    expect(parseYuan('10000000.01')).toEqual({ ok: false, problem: 'too_large' });
    expect(parseYuan('123456789012345')).toEqual({ ok: false, problem: 'too_large' });
  });

  it('shows fen again as yuan', () => {
    expect(yuanText(240_000)).toBe('2,400');
    expect(yuanText(12_345)).toBe('123.45');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(0)).toBe('0');
  });
});

describe(parseAge.name, () => {
  it('takes whole years from 0 to 120', () => {
    expect(parseAge('41')).toBe(41);
    expect(parseAge(' 0 ')).toBe(0);
    expect(parseAge('120')).toBe(120);
    expect(parseAge('１０')).toBe(10);
    for (const bad of [undefined, '', '121', '4.5', '-1', 'ten', '1000']) expect(parseAge(bad), String(bad)).toBeNull();
  });
});

describe(householdTotals.name, () => {
  it('adds the household up as the server does (the seeds’ household of three: 2,400 yuan, 800 a head)', () => {
    const rows = [{ monthlyIncome: '2400' }, { monthlyIncome: '0' }, { monthlyIncome: '0' }];
    const totals = householdTotals(rows);
    expect(totals).toEqual({ size: 3, incomeFen: 240_000, perCapitaFen: 80_000 });
    expect(serverRules.perCapitaMonthlyFen(240_000, 3)).toBe(totals.perCapitaFen);
  });

  it('rounds the per-head income down to the fen', () => {
    expect(householdTotals([{ monthlyIncome: '1000' }, { monthlyIncome: '0' }, { monthlyIncome: '0' }]).perCapitaFen).toBe(33_333);
  });

  it('has no sum while an income is missing or not an amount', () => {
    expect(householdTotals([{ monthlyIncome: '2400' }, {}])).toEqual({ size: 2, incomeFen: null, perCapitaFen: null });
    expect(householdTotals([{ monthlyIncome: '2400' }, { monthlyIncome: 'x' }]).incomeFen).toBeNull();
    expect(householdTotals([undefined]).size).toBe(1);
  });
});

describe(applicationBody.name, () => {
  const values: ApplyValues = {
    name: '  李  明 ',
    idNumber: '33062119850312003x',
    members: [
      { relation: 'self', age: '41', health: 'healthy', schooling: 'not_applicable', monthlyIncome: '2,400' },
      { name: '王秀英', relation: 'spouse', age: '39', health: 'unable_to_work', schooling: 'not_applicable', monthlyIncome: '0' },
      { name: '李小宝', relation: 'child', age: '10', health: 'healthy', schooling: 'primary', monthlyIncome: '0', idNumber: ' ' },
    ],
    causes: ['accident', 'illness'],
    since: { illness: new Date(2026, 2, 1), accident: new Date(2026, 9, 5) },
    oneOffBurden: '38,000',
    address: '  柯桥街道笛扬路 1 号 ',
  };

  it('sends the first row as the applicant (本人), the figures as computed, the causes with their days', () => {
    const body = applicationBody(values, null);
    expect(body).toEqual({
      applicant: { name: '李 明', idNumber: '33062119850312003X' },
      members: [
        {
          name: '李 明',
          idNumber: '33062119850312003X',
          relation: 'self',
          age: 41,
          health: 'healthy',
          schooling: 'not_applicable',
          monthlyIncomeFen: 240_000,
        },
        { name: '王秀英', relation: 'spouse', age: 39, health: 'unable_to_work', schooling: 'not_applicable', monthlyIncomeFen: 0 },
        { name: '李小宝', relation: 'child', age: 10, health: 'healthy', schooling: 'primary', monthlyIncomeFen: 0 },
      ],
      declaredSize: 3,
      declaredMonthlyIncomeFen: 240_000,
      causes: [
        { cause: 'illness', since: '2026-03-01' },
        { cause: 'accident', since: '2026-10-05' },
      ],
      oneOffBurdenFen: 3_800_000,
      address: '柯桥街道笛扬路 1 号',
    });
    // The server finds nothing that does not add up.
    expect(serverRules.checkHousehold(body)).toEqual([]);
  });

  it('names the union only for a worker not yet a member', () => {
    expect(applicationBody(values, '0190a3c1-0000-7000-8000-000000000001').orgId).toBe('0190a3c1-0000-7000-8000-000000000001');
    expect('orgId' in applicationBody(values, null)).toBe(false);
  });

  it('leaves out a burden without a sudden cause, and an empty address', () => {
    const body = applicationBody({ ...values, causes: ['illness'], address: '  ' }, null);
    expect(body.oneOffBurdenFen).toBeUndefined();
    expect(body.address).toBeUndefined();
    expect(body.causes).toEqual([{ cause: 'illness', since: '2026-03-01' }]);
  });

  it('dates a picked day by the calendar the worker saw', () => {
    expect(dayOf(new Date(2026, 0, 9))).toBe('2026-01-09');
    expect(chosenCauses({ causes: ['disaster'], since: {} })).toEqual([]);
  });
});

describe(formTargetOf.name, () => {
  const sent = ['illness', 'accident'] as const;

  it('puts the applicant’s problems under the name and 身份证号', () => {
    expect(formTargetOf('applicant.idNumber', sent)).toEqual({ kind: 'field', name: ['idNumber'] });
    expect(formTargetOf('body.applicant.name', sent)).toEqual({ kind: 'field', name: ['name'] });
    expect(formTargetOf('applicant.phone', sent)).toEqual({ kind: 'rest' });
  });

  it('puts a member’s problem under that member’s field', () => {
    expect(formTargetOf('members.2.age', sent)).toEqual({ kind: 'field', name: ['members', 2, 'age'] });
    expect(formTargetOf('members.1.monthlyIncomeFen', sent)).toEqual({ kind: 'field', name: ['members', 1, 'monthlyIncome'] });
    expect(formTargetOf('body.members.1.relation', sent)).toEqual({ kind: 'field', name: ['members', 1, 'relation'] });
    expect(formTargetOf('members.2.idNumber', sent)).toEqual({ kind: 'field', name: ['members', 2, 'idNumber'] });
    // The first row's name and number are the applicant's fields; its relation is fixed.
    expect(formTargetOf('members.0.idNumber', sent)).toEqual({ kind: 'field', name: ['idNumber'] });
    expect(formTargetOf('members.0.age', sent)).toEqual({ kind: 'field', name: ['members', 0, 'age'] });
    expect(formTargetOf('members.0.relation', sent)).toEqual({ kind: 'household' });
  });

  it('puts problems of the household as a whole under its heading, and of the declared figures under the totals', () => {
    expect(formTargetOf('members', sent)).toEqual({ kind: 'household' });
    expect(formTargetOf('body.members', sent)).toEqual({ kind: 'household' });
    expect(formTargetOf('declaredSize', sent)).toEqual({ kind: 'totals' });
    expect(formTargetOf('declaredMonthlyIncomeFen', sent)).toEqual({ kind: 'totals' });
  });

  it('finds the cause a problem’s index names among those sent', () => {
    expect(formTargetOf('causes.1.since', sent)).toEqual({ kind: 'field', name: ['since', 'accident'] });
    expect(formTargetOf('causes.0.since', sent)).toEqual({ kind: 'field', name: ['since', 'illness'] });
    expect(formTargetOf('causes.0.cause', sent)).toEqual({ kind: 'field', name: ['causes'] });
    expect(formTargetOf('causes.7.since', sent)).toEqual({ kind: 'field', name: ['causes'] });
  });

  it('knows the other fields, the union, and sends the rest to the notice', () => {
    expect(formTargetOf('oneOffBurdenFen', sent)).toEqual({ kind: 'field', name: ['oneOffBurden'] });
    expect(formTargetOf('body.address', sent)).toEqual({ kind: 'field', name: ['address'] });
    expect(formTargetOf('orgId', sent)).toEqual({ kind: 'union' });
    expect(formTargetOf(undefined, sent)).toEqual({ kind: 'rest' });
    expect(formTargetOf('body.surprise', sent)).toEqual({ kind: 'rest' });
  });

  it('keeps several problems of one field together, in order', () => {
    const placed = placeProblems(
      [
        { field: 'members.1.age', message: 'a' },
        { field: 'declaredMonthlyIncomeFen', message: 'b' },
        { field: 'members.1.age', message: 'c' },
        { field: 'members', message: 'd' },
        { field: 'body', message: 'e' },
      ],
      sent,
    );
    expect(placed).toEqual({
      fields: [{ name: ['members', 1, 'age'], errors: ['a', 'c'] }],
      household: ['d'],
      totals: ['b'],
      union: [],
      rest: ['e'],
    });
  });
});

describe(publicReason.name, () => {
  it('shows the reasons of decisions, not visitors’ notes or what an objection says', () => {
    expect(publicReason({ kind: 'reviewed', reason: '人均收入低于低保标准' })).toBe('人均收入低于低保标准');
    expect(publicReason({ kind: 'rejected', reason: ' 收入核实不符 ' })).toBe('收入核实不符');
    expect(publicReason({ kind: 'visited', reason: '邻居反映其配偶在外打工' })).toBeNull();
    expect(publicReason({ kind: 'objection_raised', reason: '张三举报：有车' })).toBeNull();
    expect(publicReason({ kind: 'callback', reason: '反映药费报销慢' })).toBeNull();
    expect(publicReason({ kind: 'applied', reason: null })).toBeNull();
  });
});

describe(sortFiles.name, () => {
  it('puts files still being decided first, then the newest', () => {
    const files = [
      { id: 'a', status: 'rejected' as const, createdAt: '2026-12-01T00:00:00Z' },
      { id: 'b', status: 'applied' as const, createdAt: '2026-11-01T00:00:00Z' },
      { id: 'c', status: 'filed' as const, createdAt: '2026-11-20T00:00:00Z' },
    ];
    expect(sortFiles(files).map((f) => f.id)).toEqual(['c', 'b', 'a']);
  });
});

describe('needs (诉求)', () => {
  const file = (id: string, status: (typeof FILE_STATUSES)[number], createdAt: string) => ({ id, status, createdAt });

  it('go to the newest file still open, as the server sends them, and nowhere without one', () => {
    const files = [
      file('old', 'filed', '2025-01-01T00:00:00Z'),
      file('closed', 'rejected', '2026-05-01T00:00:00Z'),
      file('new', 'applied', '2026-03-01T00:00:00Z'),
    ];
    expect(fileForNeeds(files)?.id).toBe('new');
    expect(fileForNeeds([file('gone', 'exited', '2026-01-01T00:00:00Z')])).toBeNull();
    expect(fileForNeeds([])).toBeNull();
  });

  it('are sent trimmed, and not while empty or shorter than the server takes', () => {
    expect(needContent('  学费还差 2000 元 ')).toEqual({ ok: true, content: '学费还差 2000 元' });
    expect(needContent('   ')).toEqual({ ok: false, problem: 'empty' });
    expect(needContent(' 钱 ')).toEqual({ ok: false, problem: 'short' });
  });
});
