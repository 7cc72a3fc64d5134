import { describe, expect, test } from 'bun:test';
import { VALIDATORS as VALIDATOR_NAMES } from '../../src/catalog/schema';
import {
  VALIDATORS,
  isDateOfBirth,
  shannonEntropy,
  type ValidatorName,
} from '../../src/engine/validators';

/** Each validator with values it must accept and values it must reject. */
const CASES: Record<ValidatorName, { valid: string[]; invalid: string[] }> = {
  luhn: {
    valid: [
      '4526018159083012',
      '4526 0181 5908 3012',
      '4526-0181-5908-3012',
      '379603082462817', // 15-digit Amex shape
      '6011948219935180',
      '4190937865793', // 13 digits
      '4754323194875749110', // 19 digits
    ],
    invalid: [
      '4526018159083013', // last digit changed: checksum fails
      '1234567890123456', // a 16-digit order number, not a card
      '0000000000000000', // all one digit passes Luhn but is not a card
      '4111111111111111', // published Visa test number
      '4242 4242 4242 4242', // Stripe's test card
      '452601815908', // 12 digits: too short
      '45260181590830120000', // 20 digits: too long
      '4526O18159083012', // letter O
      '',
    ],
  },
  iban: {
    valid: [
      'DE89370400440532013000',
      'DE89 3704 0044 0532 0130 00',
      'GB82WEST12345698765432',
      'FR1420041010050500013M02606',
      'NL91ABNA0417164300',
      'CH9300762011623852957',
      'NO9386011117947',
      'gb82west12345698765432', // lowercase is accepted
    ],
    invalid: [
      'DE89370400440532013001', // one digit changed: mod 97 fails
      'DE8937040044053201300', // wrong length for DE
      'GB82WEST1234569876543X',
      'XX89370400440532013000', // unknown country
      'DE00370400440532013000',
      'ORDER-1234567890',
      '',
    ],
  },
  ssn: {
    valid: ['536-22-8741', '536 22 8741', '536228741', '001-01-0001', '665-12-3456', '899-99-9998'],
    invalid: [
      '000-12-3456', // area 000
      '666-12-3456', // area 666
      '912-34-5678', // area 9xx (ITIN range)
      '536-00-8741', // group 00
      '536-22-0000', // serial 0000
      '078-05-1120', // the Woolworth wallet card number
      '123-45-6789', // the documentation example
      '111-11-1111', // one repeated digit
      '536-22-874', // too short
      '536_22_8741',
    ],
  },
  ipv4: {
    valid: ['192.168.1.1', '8.8.8.8', '0.0.0.0', '255.255.255.255', '10.0.0.254'],
    invalid: ['256.1.1.1', '192.168.01.1', '1.2.3', '1.2.3.4.5', '1..2.3', 'a.b.c.d', '1.2.3.-4', ''],
  },
  ipv6: {
    valid: [
      '2001:0db8:85a3:0000:0000:8a2e:0370:7334',
      '2001:db8:85a3::8a2e:370:7334',
      '::1',
      'fe80::1',
      '::',
      '::ffff:192.0.2.128',
      '64:ff9b::192.0.2.33',
      '2001:DB8::1',
    ],
    invalid: [
      '2001:db8::85a3::7334', // two '::'
      '2001:db8:85a3:0:0:8a2e:370', // seven groups without '::'
      '1:2:3:4:5:6:7:8:9',
      '12:30:45', // a time of day
      '00:1A:2B:3C:4D:5E', // a MAC address
      '2001:db8::g1',
      '::ffff:300.0.2.128',
      '12345::1',
      'std::vector',
    ],
  },
  jwt: {
    valid: [
      // {"alg":"HS256","typ":"JWT"} . {"sub":"1234567890","name":"John Doe","iat":1516239022}
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      // alg none: empty signature
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.',
    ],
    invalid: [
      'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2ln', // header without alg
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0', // two parts
      'aGVsbG8.d29ybGQ.c2lnbmF0dXJl', // parts are not JSON
      'eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln', // payload not JSON
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig+nature', // signature not base64url
      'header.payload.signature',
      '',
    ],
  },
  entropy: {
    valid: [
      'T3BlbkFJx9Qm2ZrVw8LpKd4Hs7Ny1Bc6',
      'ghp4Rt9ZkQw2LmX8vB7nC3pD5sF1jH6gK0yT',
      'S3cr3t!Pa55w0rd#2024',
      'a3f9c2e71b4d8065f1e2c3a4b5d6e7f8',
    ],
    invalid: [
      'YOUR_API_KEY_HERE',
      'xxxxxxxxxxxxxxxxxxxxxxxx',
      'sk-...',
      '<token>',
      '${SECRET}',
      'changeme',
      'password',
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'REDACTED_REDACTED',
      'aaaaBcdefghij123',
      '0123456789abcdef0123456789', // sequential filler
      'abababababababab', // low entropy
    ],
  },
  date_of_birth: {
    valid: ['1984-03-05', '03/05/1984', '5.3.1984', '31/12/1999', '03/05/84', 'March 5, 1984', 'Mar 5 1984', '5th of March 1984', '29 February 2000', 'Sept 9th, 1961'],
    invalid: ['1984-13-05', '31/31/1984', '1899-12-31', '2999-01-01', '29 February 2001', 'Smarch 5, 1984', '1.2.3.4', '5 March', 'v2.10.3', ''],
  },
  aba_routing: {
    valid: ['021000021', '011000015', '026009593', '121000358', '322271627'],
    invalid: ['021000022', '123456789', '000000000', '991000021', '02100002', '0210000210', '02100002a'],
  },
  npi: {
    valid: ['1234567893', '1245319599'],
    invalid: ['1234567890', '3234567893', '123456789', '12345678931', 'abcdefghij'],
  },
};

describe('validators registry', () => {
  test('has exactly one validator per schema name', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual([...VALIDATOR_NAMES].sort());
  });
});

for (const name of VALIDATOR_NAMES) {
  const validate = VALIDATORS[name];
  describe(name, () => {
    test.each(CASES[name].valid)('accepts %p', (value) => {
      expect(validate(value)).toBe(true);
    });
    test.each(CASES[name].invalid)('rejects %p', (value) => {
      expect(validate(value)).toBe(false);
    });
  });
}

describe('date_of_birth against a fixed clock', () => {
  const now = new Date(Date.UTC(2024, 5, 15)); // 2024-06-15
  test.each([
    ['2024-06-15', true],
    ['2024-06-16', false], // tomorrow
    ['2025-01-01', false],
    ['01/02/24', true], // two-digit year resolves to 2024
    ['01/02/25', true], // … and 25 to 1925
    ['1900-01-01', true],
  ] as const)('%p → %p', (value, expected) => {
    expect(isDateOfBirth(value, now)).toBe(expected);
  });
});

describe('shannonEntropy', () => {
  test.each([
    ['', 0],
    ['aaaa', 0],
    ['ab', 1],
    ['abcd', 2],
    ['0123456789abcdef', 4],
  ] as const)('%p has %p bits/char', (value, bits) => {
    expect(shannonEntropy(value)).toBeCloseTo(bits, 6);
  });
});
