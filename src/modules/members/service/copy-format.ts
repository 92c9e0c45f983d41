// PostgreSQL's binary COPY format for member rows: no text escaping of the ciphertexts, no parsing on the server.
import { members } from '../schema.js';
import type { NewMemberRow } from './bulk.js';
import type { BinaryWriter } from '../../../platform/db/copy-binary.js';

export const c = members;
export const COPY_COLUMNS = [
  c.id,
  c.memberNo,
  c.provinceCode,
  c.orgId,
  c.status,
  c.nameCipher,
  c.idNumberCipher,
  c.idIndex,
  c.phoneCipher,
  c.phoneIndex,
  c.duplicateIndex,
  c.gender,
  c.birthDate,
  c.trade,
  c.employerName,
  c.employerUscc,
  c.workRegionCode,
  c.workAddressCipher,
  c.workLat,
  c.workLng,
  c.newForm,
  c.joinedAt,
  c.source,
  c.importId,
].map((column) => `"${column.name}"`);

/** Fields in the order of COPY_COLUMNS (and the file's row last, for the staging table). */
export function writeRow(w: BinaryWriter, r: NewMemberRow, staged: boolean): void {
  const p = r.person;
  w.int16(COPY_COLUMNS.length + (staged ? 1 : 0));
  w.uuid(r.id);
  w.text(r.memberNo);
  w.text(r.provinceCode);
  w.uuid(r.orgId);
  w.text('active');
  w.bytes(p.nameCipher);
  w.bytes(p.idNumberCipher);
  w.bytes(p.idIndex);
  w.bytes(p.phoneCipher);
  w.bytes(p.phoneIndex);
  w.bytes(p.duplicateIndex);
  w.text(p.gender);
  w.date(p.birthDate);
  w.text(p.trade);
  w.text(p.employerName);
  w.text(p.employerUscc);
  w.text(p.workRegionCode);
  w.bytes(p.workAddressCipher);
  w.float8(p.workLat);
  w.float8(p.workLng);
  w.bool(r.newForm);
  w.timestamptz(r.joinedAt);
  w.text(r.source);
  w.uuid(r.importId);
  if (staged) w.int4(r.row ?? 0);
}
