import { z } from "zod";
import type { EntraContext } from "./context";
import * as directoryOps from "./controlDirectoryOps";
import * as runtimeOps from "./controlRuntimeOps";
import * as s from "./controlSchemas";
import { DirectoryError } from "./directory";

/**
 * The control surface: one table of operations (schema + implementation). From it come both the typed in-process
 * object (`simulator.control.addUser({...})`) and the HTTP routes (`POST /_control/addUser`), so the two can never
 * drift apart.
 */

interface Operation<S extends z.ZodType, R> {
  readonly input: S;
  readonly run: (ctx: EntraContext, input: z.output<S>) => R;
}

function op<S extends z.ZodType, R>(input: S, run: (ctx: EntraContext, input: z.output<S>) => R): Operation<S, R> {
  return { input, run };
}

export const operations = {
  // directory
  addTenant: op(s.addTenantInput, directoryOps.addTenant),
  setConsentPolicy: op(s.setConsentPolicyInput, directoryOps.setConsentPolicy),
  addUser: op(s.addUserInput, directoryOps.addUser),
  updateUser: op(s.updateUserInput, directoryOps.updateUser),
  requireMfa: op(s.requireMfaInput, directoryOps.requireMfa),
  resetPassword: op(s.resetPasswordInput, directoryOps.resetPassword),
  revokeSessions: op(s.revokeSessionsInput, directoryOps.revokeSessions),
  registerApp: op(s.registerAppInput, directoryOps.registerApp),
  addClientSecret: op(s.addClientSecretInput, directoryOps.addClientSecret),
  expireClientSecret: op(s.clientSecretRefInput, directoryOps.expireClientSecret),
  removeClientSecret: op(s.clientSecretRefInput, directoryOps.removeClientSecret),
  addClientCertificate: op(s.addClientCertificateInput, directoryOps.addClientCertificate),
  assignAppRole: op(s.appRoleAssignmentInput, directoryOps.assignAppRole),
  unassignAppRole: op(s.appRoleAssignmentInput, directoryOps.unassignAppRole),
  grantUserConsent: op(s.grantUserConsentInput, directoryOps.grantUserConsent),
  grantAdminConsent: op(s.grantAdminConsentInput, directoryOps.grantAdminConsent),
  revokeUserConsent: op(s.revokeUserConsentInput, directoryOps.revokeUserConsent),
  revokeAdminConsent: op(s.revokeAdminConsentInput, directoryOps.revokeAdminConsent),
  listAdminConsentRequests: op(s.listAdminConsentRequestsInput, directoryOps.listAdminConsentRequests),
  // runtime
  advanceClock: op(s.advanceClockInput, runtimeOps.advanceClock),
  clockNow: op(s.emptyInput, runtimeOps.clockNow),
  listIssuedTokens: op(s.listIssuedTokensInput, runtimeOps.listIssuedTokens),
  injectOutage: op(s.injectOutageInput, runtimeOps.injectOutage),
  injectLatency: op(s.injectLatencyInput, runtimeOps.injectLatency),
  clearFaults: op(s.emptyInput, runtimeOps.clearFaults),
  rotateSigningKey: op(s.rotateSigningKeyInput, runtimeOps.rotateSigningKey),
  setTokenLifetimes: op(s.setTokenLifetimesInput, runtimeOps.setTokenLifetimes),
  snapshot: op(s.emptyInput, runtimeOps.snapshot),
} as const;

export type OperationName = keyof typeof operations;

/** Keys a caller must supply (none for schemas whose fields all have defaults or are optional). */
type RequiredKeys<T> = string extends keyof T ? never : { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];

type OperationMethod<O> =
  O extends Operation<infer S, infer R> ? ([RequiredKeys<z.input<S>>] extends [never] ? (input?: z.input<S>) => R : (input: z.input<S>) => R) : never;

/** The typed control object: one method per operation, taking the schema's input and returning its result. */
export type EntraControl = { readonly [K in OperationName]: OperationMethod<(typeof operations)[K]> };

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(operations, name);
}

/** Validates input for an operation; a bad field becomes a 400 DirectoryError whose message names it. */
export function parseOperationInput(name: OperationName, input: unknown): unknown {
  const result = operations[name].input.safeParse(input ?? {});
  if (!result.success) throw new DirectoryError(400, `Invalid input for ${name}:\n${z.prettifyError(result.error)}`);
  return result.data;
}

export function runOperation(ctx: EntraContext, name: OperationName, input: unknown): unknown {
  const operation = operations[name] as Operation<z.ZodType, unknown>;
  return operation.run(ctx, parseOperationInput(name, input));
}

export function createControl(ctx: EntraContext): EntraControl {
  const control: Record<string, (input?: unknown) => unknown> = {};
  for (const name of Object.keys(operations) as OperationName[]) control[name] = (input?: unknown) => runOperation(ctx, name, input);
  return control as unknown as EntraControl;
}
