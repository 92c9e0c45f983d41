// Personal fields in and out of their encrypted columns. One context per kind of value, shared by the
// member and application tables, so approval copies ciphertexts instead of decrypting them.
import type { Platform } from '../../../platform/context.js';
import type { EncryptedColumn } from '../../../platform/crypto/rotation.js';
import { maskAddress, maskIdNumber, maskMobile, maskName } from '../../../platform/crypto/mask.js';
import type { BlindIndex, FieldCipher } from '../../../platform/crypto/field-cipher.js';
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
  nameIndex: Buffer;
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
export const nameIndexOf = (p: { blindIndex: BlindIndex }, name: string) => p.blindIndex.compute(name.trim(), CONTEXT.name);

export function encryptPerson(p: Crypto, input: PersonInput): PersonColumns {
  return {
    nameCipher: p.cipher.encrypt(input.name, CONTEXT.name),
    nameIndex: nameIndexOf(p, input.name),
    idNumberCipher: p.cipher.encrypt(input.idNumber, CONTEXT.idNumber),
    idIndex: idIndexOf(p, input.idNumber),
    phoneCipher: input.phone ? p.cipher.encrypt(input.phone, CONTEXT.phone) : null,
    phoneIndex: input.phone ? phoneIndexOf(p, input.phone) : null,
    duplicateIndex: p.blindIndex.compute(probableDuplicateKey(input.name, input.birthDate, input.workRegionCode), CONTEXT.duplicate),
    gender: input.gender,
    birthDate: input.birthDate,
    trade: input.trade,
    employerName: input.employerName,
    employerUscc: input.employerUscc,
    workRegionCode: input.workRegionCode,
    workAddressCipher: input.workAddress ? p.cipher.encrypt(input.workAddress, CONTEXT.workAddress) : null,
    workLat: input.workLat,
    workLng: input.workLng,
  };
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
