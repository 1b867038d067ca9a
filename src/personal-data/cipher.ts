import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * A personal value at rest: `enc:v1:<subject>:<iv>:<ciphertext+tag>` (AES-256-GCM, the subject as
 * associated data, so a value cannot be moved to another person's record unnoticed). The subject
 * is an id, never personal itself; it tells which key opens the value.
 */
const PREFIX = 'enc:v1:';
export const ERASED = '[erased]';

export const isSealed = (value: unknown): value is string => typeof value === 'string' && value.startsWith(PREFIX);

/** The last subject's bytes and text form: an event's fields are sealed one after another for one subject. */
let last: { subject: string; aad: Buffer; head: string } | undefined;

export function seal(key: Buffer, subject: string, plaintext: string): string {
  if (last?.subject !== subject) {
    const aad = Buffer.from(subject);
    last = { subject, aad, head: `${PREFIX}${aad.toString('base64url')}:` };
  }
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(last.aad);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${last.head}${iv.toString('base64url')}:${body.toString('base64url')}`;
}

export function subjectOf(sealed: string): string {
  return Buffer.from(sealed.slice(PREFIX.length).split(':')[0], 'base64url').toString();
}

export function open(key: Buffer, sealed: string): string {
  const [subjectPart, ivPart, bodyPart] = sealed.slice(PREFIX.length).split(':');
  const body = Buffer.from(bodyPart, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivPart, 'base64url'));
  decipher.setAAD(Buffer.from(subjectPart, 'base64url'));
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
}
