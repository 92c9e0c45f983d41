// An enrolment's insured person and a claim's medical facts in and out of their encrypted columns. The
// 身份证号 uses the roll's context, so its blind index meets the roll's (a hospital's patient is found by it).
import type { Platform } from '../../../platform/context.js';
import type { EncryptedColumn } from '../../../platform/crypto/rotation.js';
import { personMatchIndexes } from '#modules/members';

const CONTEXT = { name: 'person.name', idNumber: 'person.id_number', medical: 'mutual-aid.medical' } as const;

/** Columns holding encrypted values, for `gonghui keys rotate`. */
export const MUTUAL_AID_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'mutual_aid_enrolment', idColumn: 'id', column: 'name_cipher', context: CONTEXT.name },
  { table: 'mutual_aid_enrolment', idColumn: 'id', column: 'id_number_cipher', context: CONTEXT.idNumber },
  { table: 'mutual_aid_claim', idColumn: 'id', column: 'medical_cipher', context: CONTEXT.medical },
];

type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

export function encryptInsured(p: Crypto, person: { name: string; idNumber: string }) {
  return {
    nameCipher: p.cipher.encrypt(person.name, CONTEXT.name),
    idNumberCipher: p.cipher.encrypt(person.idNumber, CONTEXT.idNumber),
    idIndex: personMatchIndexes.idIndex(p, person.idNumber),
  };
}

export function decryptInsured(p: Crypto, row: { nameCipher: Buffer; idNumberCipher: Buffer }) {
  return { name: p.cipher.decrypt(row.nameCipher, CONTEXT.name), idNumber: p.cipher.decrypt(row.idNumberCipher, CONTEXT.idNumber) };
}

/** The insured person's name alone (a settlement's answer shows it masked; the 身份证号 stays sealed). */
export const decryptInsuredName = (p: Crypto, nameCipher: Buffer): string => p.cipher.decrypt(nameCipher, CONTEXT.name);

export const idIndexOf = (p: Crypto, idNumber: string): Buffer => personMatchIndexes.idIndex(p, idNumber);

/** What a claim says of the person's health and where the payout goes: kept as one encrypted document. */
export interface MedicalDocument {
  hospital: string;
  diagnosis: string;
  /** For a first-diagnosis benefit: the disease (rules.ts FEMALE_DISEASES) and its grade. */
  disease?: { code: string; grade: number } | null;
  /** Where a reviewed claim is paid (a hospital's settlement is deducted from the bill instead). */
  bankAccount?: { bank: string; accountNo: string } | null;
  note?: string | null;
}

export const encryptMedical = (p: Crypto, doc: MedicalDocument): Buffer => p.cipher.encrypt(JSON.stringify(doc), CONTEXT.medical);
export const decryptMedical = (p: Crypto, cipher: Buffer): MedicalDocument =>
  JSON.parse(p.cipher.decrypt(cipher, CONTEXT.medical)) as MedicalDocument;
