// The coverage dashboard's data: an area, its areas one level down, its trades, its trend.
import { z } from 'zod';
import { scopeOf } from '../../../platform/access/access.js';
import { streamDownload, XLSX_TYPE } from '../../../platform/http/downloads.js';
import { actorOf, requireStaff } from '../../../platform/http/guard.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { TRADES } from '#modules/orgs';
import { coverageReport, startCoverageExport, writeCoverageXlsx } from '../service/index.js';
import { staff, type CensusApp } from './access.js';
import { CoverageResponse, RegionQuery } from './contracts.js';

export function registerCoverageRoutes(app: CensusApp): void {
  const db = app.platform.db;

  app.get(
    '/api/console/census/coverage',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'getCoverage',
        summary: '入会覆盖：地区（默认本级）及下一级地区、各行业的摸排数、会员数、入会率和近 12 个月走势',
        querystring: z.strictObject({ region: RegionQuery.optional(), trade: z.enum(TRADES).optional() }),
        response: { 200: CoverageResponse },
      },
    },
    async (req) => coverageReport(db, scopeOf(requireStaff(req)), req.query),
  );

  app.get(
    '/api/console/census/coverage.xlsx',
    {
      config: staff('viewer'),
      schema: {
        tags: ['census'],
        operationId: 'exportCoverage',
        summary: '导出入会覆盖表 .xlsx（按地区、按行业两张表）',
        querystring: z.strictObject({ region: RegionQuery.optional(), trade: z.enum(TRADES).optional() }),
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const report = await startCoverageExport(db, actor, scopeOf(requireStaff(req)), req.query);
      const day = shanghaiDay(new Date()).replaceAll('-', '');
      return streamDownload(reply, req.log, { type: XLSX_TYPE, asciiName: `coverage-${day}.xlsx`, name: `入会覆盖-${day}.xlsx` }, (out) =>
        writeCoverageXlsx(report, actor, out),
      );
    },
  );
}
