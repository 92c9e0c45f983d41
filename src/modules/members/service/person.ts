// Personal fields in and out of their encrypted columns. One context per kind of value, shared by the
// member and application tables, so approval copies ciphertexts instead of decrypting them.
import type { Platform } from '../../../platform/context.js';
import type { EncryptedColumn } from '../../../platform/crypto/rotation.js';
import { maskAddress, maskIdNumber, maskMobile, maskName } from '../../../platform/crypto/mask.js';
import type { BlindIndex, FieldCipher } from '../../../platform/crypto/field-cipher.js';
import { applyFieldOps, FieldCryptoPool, type FieldKeys, type FieldOp } from '../../../platform/crypto/field-crypto-pool.js';
import type { Trade } from '#modules/orgs';
import { probableDuplicateKey } from '../rules.js';

export const CONTEXT = {
  name: 'person.name',
  idNumber: 'person.id_number',
  phone: 'person.phone',
  workAddress: 'person.work_address',
  duplicate: 'person.duplicate',
} as const;

/** Columns holding encrypted values, for `gonghui keys rotate`. */
export const MEMBER_ENCRYPTED_COLUMNS: EncryptedColumn[] = ['member', 'member_application'].flatMap((table) => [
  { table, idColumn: 'id', column: 'name_cipher', context: CONTEXT.name },
  { table, idColumn: 'id', column: 'id_number_cipher', context: CONTEXT.idNumber },
  { table, idColumn: 'id', column: 'phone_cipher', context: CONTEXT.phone },
  { table, idColumn: 'id', column: 'work_address_cipher', context: CONTEXT.workAddress },
]);

export interface PersonInput {
  name: string;
  idNumber: string; // normalised, validated
  phone: string | null;
  gender: 'male' | 'female';
  birthDate: string;
  trade: Trade;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  workAddress: string | null;
  workLat: number | null;
  workLng: number | null;
}

/** What is stored as it is given: everything but the name, ID number, phone and address. */
type PlainPersonFields = Omit<PersonInput, 'name' | 'idNumber' | 'phone' | 'workAddress'>;

export interface PersonColumns extends PlainPersonFields {
  nameCipher: Buffer;
  idNumberCipher: Buffer;
  idIndex: Buffer;
  phoneCipher: Buffer | null;
  phoneIndex: Buffer | null;
  duplicateIndex: Buffer;
  workAddressCipher: Buffer | null;
}

type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

export const idIndexOf = (p: { blindIndex: BlindIndex }, idNumber: string) => p.blindIndex.compute(idNumber, CONTEXT.idNumber);
export const phoneIndexOf = (p: { blindIndex: BlindIndex }, phone: string) => p.blindIndex.compute(phone, CONTEXT.phone);

type EncryptedColumns = 'nameCipher' | 'idNumberCipher' | 'idIndex' | 'phoneCipher' | 'phoneIndex' | 'duplicateIndex' | 'workAddressCipher';

// A person's encrypted columns: which value of the person each is made of, and how. One list serves the
// inline path (a join) and the pooled one (an import), so the two cannot write a column differently.
const PERSON_FIELDS: readonly (FieldOp & { column: EncryptedColumns; value: (p: PersonInput) => string | null })[] = [
  { column: 'nameCipher', kind: 'encrypt', context: CONTEXT.name, value: (p) => p.name },
  { column: 'idNumberCipher', kind: 'encrypt', context: CONTEXT.idNumber, value: (p) => p.idNumber },
  { column: 'idIndex', kind: 'index', context: CONTEXT.idNumber, value: (p) => p.idNumber },
  { column: 'phoneCipher', kind: 'encrypt', context: CONTEXT.phone, value: (p) => p.phone || null },
  { column: 'phoneIndex', kind: 'index', context: CONTEXT.phone, value: (p) => p.phone || null },
  {
    column: 'duplicateIndex',
    kind: 'index',
    context: CONTEXT.duplicate,
    value: (p) => probableDuplicateKey(p.name, p.birthDate, p.workRegionCode),
  },
  { column: 'workAddressCipher', kind: 'encrypt', context: CONTEXT.workAddress, value: (p) => p.workAddress || null },
];
// What a thread needs of them (functions do not cross to a thread).
const PERSON_FIELD_OPS: readonly FieldOp[] = PERSON_FIELDS.map(({ kind, context }) => ({ kind, context }));

const fieldValues = (input: PersonInput): (string | null)[] => PERSON_FIELDS.map((f) => f.value(input));

// Where each encrypted column sits in a row of outputs.
const AT = Object.fromEntries(PERSON_FIELDS.map((f, i) => [f.column, i])) as Record<EncryptedColumns, number>;

/** The person's columns, the encrypted ones from the row of `out` starting at `at`. */
function toColumns(input: PersonInput, out: readonly (Buffer | null)[], at = 0): PersonColumns {
  // One object literal of a fixed shape: an import makes a million of these on its event loop.
  return {
    nameCipher: out[at + AT.nameCipher] as Buffer,
    idNumberCipher: out[at + AT.idNumberCipher] as Buffer,
    idIndex: out[at + AT.idIndex] as Buffer,
    phoneCipher: out[at + AT.phoneCipher] ?? null,
    phoneIndex: out[at + AT.phoneIndex] ?? null,
    duplicateIndex: out[at + AT.duplicateIndex] as Buffer,
    gender: input.gender,
    birthDate: input.birthDate,
    trade: input.trade,
    employerName: input.employerName,
    employerUscc: input.employerUscc,
    workRegionCode: input.workRegionCode,
    workAddressCipher: out[at + AT.workAddressCipher] ?? null,
    workLat: input.workLat,
    workLng: input.workLng,
  };
}

export function encryptPerson(p: Crypto, input: PersonInput): PersonColumns {
  return toColumns(input, applyFieldOps(p, PERSON_FIELD_OPS, fieldValues(input)));
}

/** Encrypts many people in worker threads (the roll import), if the machine has a core to spare; close it when done. */
export class PersonEncryptor {
  private readonly pool: FieldCryptoPool;

  constructor(keys: FieldKeys) {
    this.pool = new FieldCryptoPool(keys, PERSON_FIELD_OPS);
  }

  get threads(): number {
    return this.pool.size;
  }

  async encrypt(inputs: readonly PersonInput[]): Promise<PersonColumns[]> {
    const out = await this.pool.run(inputs.flatMap(fieldValues));
    return inputs.map((input, i) => toColumns(input, out, i * PERSON_FIELD_OPS.length));
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

interface StoredPerson {
  nameCipher: Buffer | null;
  idNumberCipher: Buffer | null;
  phoneCipher: Buffer | null;
  workAddressCipher: Buffer | null;
}

export interface RevealedPerson {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  workAddress: string | null;
}

export interface MaskedPerson {
  nameMasked: string | null;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  workAddressMasked: string | null;
}

export function decryptPerson(cipher: FieldCipher, row: StoredPerson): RevealedPerson {
  return {
    name: row.nameCipher ? cipher.decrypt(row.nameCipher, CONTEXT.name) : null,
    idNumber: row.idNumberCipher ? cipher.decrypt(row.idNumberCipher, CONTEXT.idNumber) : null,
    phone: row.phoneCipher ? cipher.decrypt(row.phoneCipher, CONTEXT.phone) : null,
    workAddress: row.workAddressCipher ? cipher.decrypt(row.workAddressCipher, CONTEXT.workAddress) : null,
  };
}

export function maskPerson(cipher: FieldCipher, row: StoredPerson): MaskedPerson {
  return maskRevealed(decryptPerson(cipher, row));
}

/** The masked fields of a person already in the clear (one just checked and encrypted). */
export function maskRevealed(plain: RevealedPerson): MaskedPerson {
  return {
    nameMasked: plain.name === null ? null : maskName(plain.name),
    idNumberMasked: plain.idNumber === null ? null : maskIdNumber(plain.idNumber),
    phoneMasked: plain.phone === null ? null : maskMobile(plain.phone),
    workAddressMasked: plain.workAddress === null ? null : maskAddress(plain.workAddress, 6),
  };
}
