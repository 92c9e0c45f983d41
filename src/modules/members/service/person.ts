// Personal fields in and out of their encrypted columns. One context per kind of value, shared by the
// member and application tables, so approval copies ciphertexts instead of decrypting them.
import type { Platform } from '../../../platform/context.js';
import type { EncryptedColumn } from '../../../platform/crypto/rotation.js';
import { maskAddress, maskIdNumber, maskMobile, maskName } from '../../../platform/crypto/mask.js';
import type { BlindIndex, FieldCipher } from '../../../platform/crypto/field-cipher.js';
import { applyFieldOps, FieldCryptoPool, type FieldKeys, type FieldOp } from '../../../platform/crypto/field-crypto-pool.js';
import type { Trade } from '../../orgs/index.js';
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

export interface PersonColumns {
  nameCipher: Buffer;
  idNumberCipher: Buffer;
  idIndex: Buffer;
  phoneCipher: Buffer | null;
  phoneIndex: Buffer | null;
  duplicateIndex: Buffer;
  gender: 'male' | 'female';
  birthDate: string;
  trade: Trade;
  employerName: string | null;
  employerUscc: string | null;
  workRegionCode: string;
  workAddressCipher: Buffer | null;
  workLat: number | null;
  workLng: number | null;
}

type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

export const idIndexOf = (p: { blindIndex: BlindIndex }, idNumber: string) => p.blindIndex.compute(idNumber, CONTEXT.idNumber);
export const phoneIndexOf = (p: { blindIndex: BlindIndex }, phone: string) => p.blindIndex.compute(phone, CONTEXT.phone);

// A person's encrypted columns, in the order of PERSON_FIELD_OPS: one list serves the inline path (a
// join) and the pooled one (an import), so the two cannot write a column differently.
const PERSON_FIELD_OPS: readonly FieldOp[] = [
  { kind: 'encrypt', context: CONTEXT.name },
  { kind: 'encrypt', context: CONTEXT.idNumber },
  { kind: 'index', context: CONTEXT.idNumber },
  { kind: 'encrypt', context: CONTEXT.phone },
  { kind: 'index', context: CONTEXT.phone },
  { kind: 'index', context: CONTEXT.duplicate },
  { kind: 'encrypt', context: CONTEXT.workAddress },
];

function fieldValues(input: PersonInput): (string | null)[] {
  const phone = input.phone || null;
  return [
    input.name,
    input.idNumber,
    input.idNumber,
    phone,
    phone,
    probableDuplicateKey(input.name, input.birthDate, input.workRegionCode),
    input.workAddress || null,
  ];
}

function toColumns(input: PersonInput, out: readonly (Buffer | null)[], at = 0): PersonColumns {
  const [nameCipher, idNumberCipher, idIndex, phoneCipher, phoneIndex, duplicateIndex, workAddressCipher] = out.slice(
    at,
    at + PERSON_FIELD_OPS.length,
  );
  return {
    nameCipher: nameCipher as Buffer,
    idNumberCipher: idNumberCipher as Buffer,
    idIndex: idIndex as Buffer,
    phoneCipher: phoneCipher ?? null,
    phoneIndex: phoneIndex ?? null,
    duplicateIndex: duplicateIndex as Buffer,
    gender: input.gender,
    birthDate: input.birthDate,
    trade: input.trade,
    employerName: input.employerName,
    employerUscc: input.employerUscc,
    workRegionCode: input.workRegionCode,
    workAddressCipher: workAddressCipher ?? null,
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
