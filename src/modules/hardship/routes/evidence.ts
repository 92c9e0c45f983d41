// A file's evidence over HTTP: staff upload certificates and visit photos to a file of their subtree
// and read them back (audited); a worker uploads certificates to their own application from the H5.
// The body is the file itself (application/octet-stream): a photo or a PDF, told by its bytes.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf, staffRoute } from '../../../platform/access/access.js';
import { BINARY_UPLOAD, binaryBody, sendStoredFile } from '../../../platform/files/serve.js';
import { FileStore } from '../../../platform/files/store.js';
import { actorOf, requireMember, requireStaff } from '../../../platform/http/guard.js';
import { fileResponse } from '../../../platform/http/openapi.js';
import { IdParams, LineText } from '../../../platform/http/zod.js';
import { hardshipErrors } from '../errors.js';
import { EVIDENCE_KINDS } from '../schema.js';
import { addEvidence, listEvidence, readEvidence, type Evidence } from '../service/evidence.js';
import { fileRow } from '../service/files.js';

const tags = ['hardship'];

const UploadQuery = z.strictObject({
  kind: z.enum(EVIDENCE_KINDS).describe('certificate：证明材料；visit_photo：入户核查照片；other：其他'),
  /** The file's name on the uploader's machine: kept (its stem) to name downloads, never to tell its type. */
  fileName: LineText(1, 200).optional(),
  caption: LineText(0, 60).optional(),
});

export const EvidenceResponse = z.object({
  id: z.string(),
  kind: z.enum(EVIDENCE_KINDS),
  caption: z.string().nullable(),
  uploadedBy: z.enum(['member', 'staff']),
  contentType: z.string(),
  bytes: z.number(),
  name: z.string(),
  /** Where the console reads its bytes (each reading is audited). */
  url: z.string(),
  createdAt: z.date(),
});

export const toEvidenceResponse = (e: Evidence): z.infer<typeof EvidenceResponse> => ({
  id: e.id,
  kind: e.kind,
  caption: e.caption,
  uploadedBy: e.uploadedBy,
  contentType: e.contentType,
  bytes: e.bytes,
  name: e.name,
  url: `/api/console/hardship-evidence/${e.id}`,
  createdAt: e.createdAt,
});

const refuse = () => hardshipErrors.evidenceTypeRefused();

export const hardshipEvidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  const p = app.platform;
  const store = FileStore.of(p.config);

  app.get(
    '/api/console/hardship-files/:fileId/evidence',
    {
      config: staffRoute('hardship', 'viewer'),
      schema: {
        tags,
        operationId: 'listHardshipEvidence',
        summary: '档案的证明材料和入户核查照片',
        params: IdParams('fileId'),
        response: { 200: z.object({ items: z.array(EvidenceResponse), limitBytes: z.number() }) },
      },
    },
    async (req) => {
      const file = await fileRow(p.db, scopeOf(requireStaff(req)), req.params.fileId);
      return { items: (await listEvidence(p.db, [file.id])).map(toEvidenceResponse), limitBytes: p.config.photoLimitBytes };
    },
  );

  app.post(
    '/api/console/hardship-files/:fileId/evidence',
    {
      config: { ...staffRoute('hardship', 'operator'), ...BINARY_UPLOAD, problems: [413, 415] },
      schema: {
        tags,
        operationId: 'uploadHardshipEvidence',
        summary:
          '上传证明材料或入户核查照片（请求体为文件本身，Content-Type: application/octet-stream；JPEG、PNG、WebP 或 PDF，按文件内容识别）',
        params: IdParams('fileId'),
        querystring: UploadQuery,
        response: { 201: EvidenceResponse },
      },
    },
    async (req, reply) => {
      const evidence = await addEvidence(p, store, actorOf(req), { kind: 'staff', scope: scopeOf(requireStaff(req)) }, req.params.fileId, {
        // Read only once the file is found in scope (addEvidence looks first).
        get body() {
          return binaryBody(req, refuse);
        },
        kind: req.query.kind,
        fileName: req.query.fileName,
        caption: req.query.caption,
        maxBytes: p.config.photoLimitBytes,
      });
      return reply.code(201).send(toEvidenceResponse(evidence));
    },
  );

  app.get(
    '/api/console/hardship-evidence/:evidenceId',
    {
      config: staffRoute('hardship', 'viewer'),
      schema: {
        tags,
        operationId: 'getHardshipEvidenceFile',
        summary: '证明材料文件（每次查看记入审计）',
        params: IdParams('evidenceId'),
        response: { 200: fileResponse('*/*', '证明材料') },
      },
    },
    async (req, reply) =>
      sendStoredFile(req, reply, store, await readEvidence(p, actorOf(req), scopeOf(requireStaff(req)), req.params.evidenceId), 'private'),
  );

  app.post(
    '/api/member/hardship-files/:fileId/evidence',
    {
      config: { access: { auth: 'member' }, ...BINARY_UPLOAD, problems: [413, 415] },
      schema: {
        tags,
        operationId: 'uploadOwnHardshipEvidence',
        summary: '职工为自己的申请补充证明材料（照片或 PDF；审批前可补充）',
        params: IdParams('fileId'),
        querystring: UploadQuery,
        response: { 201: EvidenceResponse.omit({ url: true }) },
      },
    },
    async (req, reply) => {
      const member = requireMember(req);
      if (!member.phone) throw hardshipErrors.notFound();
      const evidence = await addEvidence(p, store, actorOf(req), { kind: 'member', phone: member.phone }, req.params.fileId, {
        get body() {
          return binaryBody(req, refuse);
        },
        kind: req.query.kind === 'visit_photo' ? 'certificate' : req.query.kind,
        fileName: req.query.fileName,
        caption: req.query.caption,
        maxBytes: p.config.photoLimitBytes,
      });
      const { url: _url, ...answer } = toEvidenceResponse(evidence);
      return reply.code(201).send(answer);
    },
  );
};
