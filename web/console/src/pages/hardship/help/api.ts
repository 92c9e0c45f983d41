// The console's side of 冀北's help work (src/modules/hardship/service/help.ts): a family's two helpers
// and printable help card, the card's QR resolved back to the family, the weekly contacts, the weekly
// call-backs and the workers' needs. Every type is the server's, generated from its OpenAPI document.
import { client } from '../../../../../shared/api-client.ts';
import type { ApiBody, ApiResponse } from '../../../../../shared/api-types.ts';

const FILE = '/api/console/hardship-files/{fileId}' as const;

export type Helper = ApiResponse<'/api/console/hardship-files/{fileId}/helpers', 'put'>['helpers'][number];
export type HelperBody = ApiBody<'/api/console/hardship-files/{fileId}/helpers', 'put'>['helpers'][number];
export type HelpCard = ApiResponse<'/api/console/hardship-files/{fileId}/help-card', 'get'>;
export type ContactBody = ApiBody<'/api/console/hardship-files/{fileId}/contacts', 'post'>;
export type ContactKind = ContactBody['kind'];
export type ContactState = ApiResponse<'/api/console/hardship-files/{fileId}/contacts', 'post'>['contactState'];
export type ContactDue = ApiResponse<'/api/console/hardship-contacts-due', 'get'>['items'][number];
export type Callback = ApiResponse<'/api/console/hardship-callbacks', 'get'>['items'][number];
export type CallbackBody = ApiBody<'/api/console/hardship-callbacks/{callbackId}', 'post'>;
export type Need = ApiResponse<'/api/console/hardship-needs', 'get'>['items'][number];
export type NeedStatus = Need['status'];

export const helpApi = {
  /** Replaces the family's helpers with these two ("2 对 1"); the answer's phones are masked. */
  assignHelpers: (fileId: string, helpers: HelperBody[]) => client.put(`${FILE}/helpers`, { params: { fileId }, body: { helpers } }),
  /** The printable card of a filed family, with what its QR holds (a fresh token each time). */
  helpCard: (fileId: string) => client.get(`${FILE}/help-card`, { params: { fileId } }),
  /** The family a scanned card names; a card of another subtree answers 404. */
  resolveCard: (token: string) => client.get('/api/console/hardship-cards/resolve', { query: { c: token } }),
  logContact: (fileId: string, body: ContactBody) => client.post(`${FILE}/contacts`, { params: { fileId }, body }),
  /** Filed families of the subtree not contacted within the week, the longest waiting first. */
  contactsDue: () => client.get('/api/console/hardship-contacts-due'),
  /** The drawn call-backs (every week's unless one is named); each read is audited, as the list holds whole phones. */
  callbacks: (week?: string) => client.get('/api/console/hardship-callbacks', week ? { query: { week } } : {}),
  recordCallback: (callbackId: string, body: CallbackBody) =>
    client.post('/api/console/hardship-callbacks/{callbackId}', { params: { callbackId }, body }),
  needs: (status?: NeedStatus) => client.get('/api/console/hardship-needs', status ? { query: { status } } : {}),
  /** Answers a need; the server texts the worker. */
  answerNeed: (needId: string, answer: string) =>
    client.post('/api/console/hardship-needs/{needId}/answer', { params: { needId }, body: { answer } }),
};
