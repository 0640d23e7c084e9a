import type { Document } from 'mongodb';

// JSON-Schema pieces for the collections' validators ($jsonSchema: draft 4 with `bsonType`).

export const str = { bsonType: 'string' } as const;
export const num = { bsonType: 'number' } as const; // int, long, double or decimal
export const bool = { bsonType: 'bool' } as const;
export const strings = { bsonType: 'array', items: str } as const;
export const obj = { bsonType: 'object' } as const;
export const assignee: Document = {
  bsonType: 'object',
  required: ['type', 'id'],
  properties: { type: { enum: ['user', 'group'] }, id: str },
};

/** A validator requiring `required` and typing `properties`; other fields are allowed (later versions add some). */
export const validator = (required: readonly string[], properties: Document): Document => ({
  $jsonSchema: { bsonType: 'object', required: [...required], properties },
});
