// The H5's side of an invitation: what its link prefills. Public: the worker may not have signed in
// yet; the token (128 random bits) is the only key, and it never opens the 身份证号.
import { z } from 'zod';
import { openInvitation } from '../service/index.js';
import type { CensusApp } from './access.js';
import { InvitationPrefillResponse } from './contracts.js';

export function registerInvitationRoutes(app: CensusApp): void {
  const p = app.platform;
  app.get(
    '/api/member/census/invitations/:token',
    {
      config: { access: { auth: 'public' } },
      schema: {
        tags: ['census'],
        operationId: 'openInvitation',
        summary: '入会邀请链接：预填入会表单（姓名、行业、工作地、单位）',
        params: z.strictObject({ token: z.string().max(64) }),
        response: { 200: InvitationPrefillResponse },
      },
    },
    async (req) => openInvitation(p.db, p, req.params.token),
  );
}
