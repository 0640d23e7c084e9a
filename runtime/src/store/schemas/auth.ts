import { z } from 'zod';
import { EpochMsSchema, JsonObjectSchema } from './common';

export const RoleSchema = z.enum(['admin', 'designer', 'approver', 'viewer', 'requester']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * A user's out-of-office setting: while `from` ≤ now < `until`, a new task assigned to them
 * personally (where its step allows delegation) goes to `delegate` in the write that creates it.
 */
export const AwaySchema = z.object({
  delegate: z.string().min(1),
  until: EpochMsSchema,
  /** Absent: from when it was set. */
  from: EpochMsSchema.optional(),
  note: z.string().optional(),
  /** Who set it: the user, or an admin for them. */
  setBy: z.string().min(1),
  setAt: EpochMsSchema,
});
export type Away = z.infer<typeof AwaySchema>;

export const UserSchema = z.object({
  id: z.string().min(1),
  /** Unique, compared case-insensitively. */
  email: z.string().min(1),
  name: z.string(),
  passwordHash: z.string(),
  roles: z.array(RoleSchema),
  groups: z.array(z.string()),
  disabled: z.boolean(),
  /** Set with a password someone else chose (the first start's admin, an admin's reset). */
  mustChangePassword: z.boolean().optional(),
  away: AwaySchema.optional(),
  createdAt: EpochMsSchema,
});
export type User = z.infer<typeof UserSchema>;

/** The away setting changes only through `setUserAway`, so a profile edit never undoes one. */
export const UserPatchSchema = UserSchema.omit({ id: true, createdAt: true, away: true }).partial();
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const SessionSchema = z.object({
  /** A hash of the session token: a stolen database does not yield live sessions. */
  id: z.string().min(1),
  userId: z.string(),
  expiresAt: EpochMsSchema,
});
export type Session = z.infer<typeof SessionSchema>;

export const ApiTokenSchema = z.object({
  id: z.string().min(1),
  tokenHash: z.string().min(1),
  name: z.string(),
  userId: z.string(),
  roles: z.array(RoleSchema),
  createdAt: EpochMsSchema,
  lastUsedAt: EpochMsSchema.optional(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const SecretSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  connectorId: z.string(),
  /** Envelope-encrypted elsewhere (key id, iv, data…); the store never sees plaintext. */
  ciphertext: JsonObjectSchema,
  createdAt: EpochMsSchema,
  updatedAt: EpochMsSchema,
});
export type Secret = z.infer<typeof SecretSchema>;

export const SecretUpdateSchema = SecretSchema.pick({
  name: true,
  ciphertext: true,
  updatedAt: true,
}).partial({
  name: true,
});
export type SecretUpdate = z.infer<typeof SecretUpdateSchema>;
