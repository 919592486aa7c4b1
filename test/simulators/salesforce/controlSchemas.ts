/** Input schemas of the control API, shared by the in-process object and the HTTP routes, with readable errors. */
import { z } from "zod";
import { ERROR_CODES } from "./errors";
import { SOBJECT_NAMES } from "./objects/schema";

const nonNegativeInt = z.number().int().nonnegative();
const positiveInt = z.number().int().positive();
const sobjectName = z.enum(SOBJECT_NAMES);

export const userInput = z.object({
  username: z.string().min(3),
  lastName: z.string().min(1),
  firstName: z.string().min(1).optional(),
  email: z.string().min(3).optional(),
  alias: z.string().min(1).max(8).optional(),
  isActive: z.boolean().optional(),
});

export const customField = z.object({
  object: sobjectName,
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*__c$/, "custom field names end in __c"),
  label: z.string().optional(),
  length: z.number().int().min(1).max(255).optional(),
  externalId: z.boolean().optional(),
  unique: z.boolean().optional(),
  caseSensitive: z.boolean().optional(),
  required: z.boolean().optional(),
});

export const customFieldInput = customField;

export const validationRuleInput = z.object({
  object: sobjectName,
  field: z.string().min(1),
  contains: z.string().min(1),
  message: z.string().min(1),
  orgId: z.string().optional(),
});

export const createOrgInput = z.object({
  name: z.string().min(1).optional(),
  customFields: z.array(customField).optional(),
  dailyApiLimit: nonNegativeInt.optional(),
  sessionTimeoutMs: positiveInt.optional(),
  admin: userInput.optional(),
});

const refreshTokenPolicy = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("until-revoked") }),
  z.object({ kind: z.literal("expire-if-unused"), ms: positiveInt }),
  z.object({ kind: z.literal("expire-after"), ms: positiveInt }),
]);

export const connectedAppInput = z.object({
  name: z.string().optional(),
  clientId: z.string().min(8).optional(),
  clientSecret: z.string().min(8).optional(),
  callbackUrls: z.array(z.url()).optional(),
  certificatePem: z.string().includes("-----BEGIN").optional(),
  permittedUsers: z.enum(["all", "admin-approved"]).optional(),
  preAuthorizedUsernames: z.array(z.string()).optional(),
  clientCredentialsUsername: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  refreshTokenPolicy: refreshTokenPolicy.optional(),
  requireSecretForRefresh: z.boolean().optional(),
  rotateRefreshTokens: z.boolean().optional(),
  requirePkce: z.boolean().optional(),
});

export const tokenInput = z.object({ clientId: z.string().min(1), username: z.string().min(1) });

const personSeed = z.object({
  email: z.string().min(3),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  title: z.string().optional(),
  accountName: z.string().optional(),
  company: z.string().optional(),
  externalId: z.string().optional(),
});

export const seedInput = z.object({
  seed: z.number().int().optional(),
  accounts: z.union([nonNegativeInt, z.array(z.string().min(1))]).optional(),
  contacts: z.union([nonNegativeInt, z.array(z.union([z.string().min(3), personSeed]))]).optional(),
  leads: z.union([nonNegativeInt, z.array(z.union([z.string().min(3), personSeed]))]).optional(),
  ownerUserId: z.string().optional(),
});

export const outageInput = z.object({
  scope: z.enum(["api", "oauth", "all"]).optional(),
  requests: positiveInt.optional(),
  forMs: positiveInt.optional(),
});

export const lockErrorsInput = z.object({
  count: positiveInt,
  orgId: z.string().optional(),
  objects: z.array(sobjectName).optional(),
});

export const injectedErrorsInput = z.object({
  count: positiveInt,
  status: z.number().int().min(400).max(599),
  errorCode: z.enum(ERROR_CODES),
  message: z.string(),
  orgId: z.string().optional(),
});

export const latencyInput = z.object({ ms: nonNegativeInt, jitterMs: nonNegativeInt.optional() });
export const advanceClockInput = z.object({ ms: nonNegativeInt });
export const dailyLimitInput = z.object({ dailyApiLimit: nonNegativeInt });
export const sessionTimeoutInput = z.object({ sessionTimeoutMs: positiveInt });
export const orgScopeInput = z.object({ orgId: z.string().optional() });
export const userActiveInput = z.object({ isActive: z.boolean() });
export const interactiveUserInput = z.object({ username: z.string().nullable() });

export type CreateOrgInput = z.input<typeof createOrgInput>;
export type UserInputSpec = z.input<typeof userInput>;
export type SeedInput = z.input<typeof seedInput>;
export type OutageInput = z.input<typeof outageInput>;
export type LockErrorsInput = z.input<typeof lockErrorsInput>;
export type InjectedErrorsInput = z.input<typeof injectedErrorsInput>;
export type LatencyInput = z.input<typeof latencyInput>;
export type ConnectedAppInput = z.input<typeof connectedAppInput>;

/** A control call with bad input: the message says what and where. */
export class ControlInputError extends Error {}

export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ControlInputError(z.prettifyError(result.error));
  return result.data;
}
