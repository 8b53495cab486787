/** Bad input is named field by field in the reader's language; zod's English stays technical. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../shared/contract.js';
import { translator } from '../../shared/i18n/translator.js';
import { inputInvalid } from '../../main/core/config/schema-errors.js';

function errorFor(op: keyof typeof contract, input: unknown) {
  const parsed = contract[op].input.safeParse(input);
  expect(parsed.success).toBe(false);
  return inputInvalid(op, parsed.error!);
}

describe('validation errors name the field', () => {
  it('a port out of range: "Port" and its bound, in Turkish and in English', () => {
    const err = errorFor('mikro.test', { port: 70000 });
    expect(err.code).toBe('E_VALIDATION');
    const trBody = translator('tr').localize(err.toBody());
    const enBody = translator('en').localize(err.toBody());
    expect(trBody.message).toBe('“Port” alanı: en fazla 65.535 olabilir');
    expect(enBody.message).toBe('“Port”: must be at most 65,535');
    expect(trBody.details).toEqual([{ path: 'port', message: '“Port” alanı: en fazla 65.535 olabilir' }]);
    expect(trBody.technical_detail).toMatch(/^invalid input for mikro\.test: port: /);
    expect(trBody.next_step).toBe('Belirtilen alanı düzeltip tekrar deneyin.');
  });

  it('an unknown field and a wrong type are named too', () => {
    const unknown = translator('tr').localize(errorFor('mikro.test', { hots: 'x' }).toBody());
    expect(unknown.message).toContain('bilinmeyen alan: hots');
    const wrongType = translator('en').localize(errorFor('mikro.query', { sql: 42 }).toBody());
    expect(wrongType.message).toBe('“SQL query”: is not of the expected type (string)');
  });

  it('a field without a catalogue name is named by its path', () => {
    const parsed = z.object({ rows: z.array(z.object({ zz_custom: z.string() })) }).safeParse({ rows: [{ zz_custom: 1 }] });
    const err = translator('tr').localize(inputInvalid('x', parsed.error!).toBody());
    expect(err.details[0]!.message).toBe('“rows[0].zz_custom” alanı: beklenen türde değil (string)');
  });
});
