// A file's personal data in and out of its encrypted columns. The applicant's 身份证号 and phone use the
// roll's contexts, so their blind indexes meet the roll's (a file finds its applicant among members).
import type { Platform } from '../../../platform/context.js';
import type { EncryptedColumn } from '../../../platform/crypto/rotation.js';
import { personMatchIndexes } from '#modules/members';
import type { CauseEntry, ExplanationStep, HardshipCategory, HouseholdMember } from '../rules.js';

const CONTEXT = { name: 'person.name', idNumber: 'person.id_number', phone: 'person.phone', household: 'hardship.household' } as const;

/** Columns holding encrypted values, for `gonghui keys rotate`. */
export const HARDSHIP_ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'hardship_file', idColumn: 'id', column: 'applicant_name_cipher', context: CONTEXT.name },
  { table: 'hardship_file', idColumn: 'id', column: 'applicant_id_cipher', context: CONTEXT.idNumber },
  { table: 'hardship_file', idColumn: 'id', column: 'applicant_phone_cipher', context: CONTEXT.phone },
  { table: 'hardship_file', idColumn: 'id', column: 'household_cipher', context: CONTEXT.household },
];

export interface HouseholdPerson extends HouseholdMember {
  name: string;
  /** Optional for children and elders without one at hand; the applicant's is required. */
  idNumber?: string | null | undefined;
}

/** Everything personal about a household, kept as one encrypted document. */
export interface HouseholdDocument {
  members: HouseholdPerson[];
  declaredSize: number;
  declaredMonthlyIncomeFen: number;
  oneOffBurdenFen: number;
  address: string | null;
  /** Where aid is paid: the bank file of a disbursement batch needs it. */
  bankAccount?: { bank: string; accountNo: string } | null;
  perCapitaFen: number;
  lines: { deepFen: number; relativeFen: number };
  computedCategory: HardshipCategory | null;
  explanation: ExplanationStep[];
  causes: CauseEntry[];
}

type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

export const encryptHousehold = (p: Crypto, doc: HouseholdDocument): Buffer => p.cipher.encrypt(JSON.stringify(doc), CONTEXT.household);
export const decryptHousehold = (p: Crypto, cipher: Buffer): HouseholdDocument =>
  JSON.parse(p.cipher.decrypt(cipher, CONTEXT.household)) as HouseholdDocument;

export function encryptApplicant(p: Crypto, a: { name: string; idNumber: string; phone: string }) {
  return {
    applicantNameCipher: p.cipher.encrypt(a.name, CONTEXT.name),
    applicantIdCipher: p.cipher.encrypt(a.idNumber, CONTEXT.idNumber),
    applicantPhoneCipher: p.cipher.encrypt(a.phone, CONTEXT.phone),
    applicantPhoneIndex: personMatchIndexes.phoneIndex(p, a.phone),
  };
}

export function decryptApplicant(p: Crypto, row: { applicantNameCipher: Buffer; applicantIdCipher: Buffer; applicantPhoneCipher: Buffer }) {
  return {
    name: p.cipher.decrypt(row.applicantNameCipher, CONTEXT.name),
    idNumber: p.cipher.decrypt(row.applicantIdCipher, CONTEXT.idNumber),
    phone: p.cipher.decrypt(row.applicantPhoneCipher, CONTEXT.phone),
  };
}

export const idIndexOf = (p: Crypto, idNumber: string): Buffer => personMatchIndexes.idIndex(p, idNumber);
export const phoneIndexOf = (p: Crypto, phone: string): Buffer => personMatchIndexes.phoneIndex(p, phone);
