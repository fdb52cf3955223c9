/**
 * A number searched for among call records. Records keep numbers as the
 * PBX gave them (E.164 from trunks, extensions, national DIDs), so a search
 * matches the number as typed and, when libphonenumber reads it, its E.164.
 */
import { normalisePhone } from '../shared/phone.ts';

/** The forms of `number` a record may hold. */
export function numberVariants(number: string, defaultCountry?: string): string[] {
  const variants = new Set([number.trim()]);
  try {
    variants.add(normalisePhone(number, defaultCountry).e164);
  } catch {
    // Not a number libphonenumber reads (an extension, a short code): as typed only.
  }
  return [...variants];
}
