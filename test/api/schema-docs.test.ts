/**
 * Every GraphQL type, field, argument and enum value an integrator can use
 * carries a description, and the committed schema.graphql matches the code.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import test from 'ava';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  printSchema,
} from 'graphql';
import { schema } from '../../src/api/schema.ts';

test('every type, field, argument and enum value is described', (t) => {
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of 'args' in field ? field.args : []) {
          if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    if (isUnionType(type) && !type.description) missing.push(type.name);
  }
  t.deepEqual(missing, []);
});

test('schema.graphql is the printed schema (run `npm run schema:print`)', (t) => {
  const committed = readFileSync(resolve(import.meta.dirname, '../../schema.graphql'), 'utf8');
  t.is(committed, `${printSchema(schema)}\n`);
});
