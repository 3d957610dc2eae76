/**
 * IBAN validation (ISO 13616): the country's length from the IBAN registry, then the mod-97 check
 * (the two check digits make the number, read with A=10 ... Z=35 and its first four characters
 * moved to the end, equal 1 modulo 97). A random string of the right shape passes one time in 97;
 * with the country's exact length as well, an id or a code is rarely taken for an IBAN.
 */

/** Country code and total length, from the SWIFT IBAN registry. */
const REGISTRY =
  'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 ' +
  'DJ27 DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 ' +
  'HR21 HU28 IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 ' +
  'MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 ' +
  'RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 ' +
  'VA22 VG24 XK20 YE30';

export const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  REGISTRY.split(' ').map((entry) => [entry.slice(0, 2), Number(entry.slice(2))]),
);

/** Whether `candidate` (capital letters and digits, no spaces) is a valid IBAN. */
export function ibanValid(candidate: string): boolean {
  if (IBAN_LENGTHS.get(candidate.slice(0, 2)) !== candidate.length) return false;
  const rearranged = candidate.slice(4) + candidate.slice(0, 4);
  let remainder = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const code = rearranged.charCodeAt(i);
    if (code >= 48 && code <= 57) remainder = (remainder * 10 + code - 48) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + code - 55) % 97;
    else return false;
  }
  return remainder === 1;
}
