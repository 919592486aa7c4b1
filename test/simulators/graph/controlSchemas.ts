/** Input schemas of the Graph face's control operations (in-process and over HTTP under /_control/graph). */
import { z } from "zod";
import { GRAPH_OPERATIONS } from "./operations";

const seconds = z.number().int().min(0).max(3600);

export const graphFaultInput = z.object({
  fault: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("throttled"), retryAfterSeconds: seconds.default(10) }),
    z.object({ kind: z.literal("serviceUnavailable"), retryAfterSeconds: seconds.default(5) }),
    z.object({ kind: z.literal("gatewayTimeout") }),
    z.object({ kind: z.literal("syncStateNotFound") }),
    z.object({ kind: z.literal("syncReset") }),
    z.object({ kind: z.literal("resyncRequired") }),
    z.object({ kind: z.literal("consentMissing") }),
    z.object({ kind: z.literal("invalidAuthenticationToken") }),
  ]),
  mailbox: z.email().optional(),
  operation: z.enum(GRAPH_OPERATIONS).optional(),
  /** Only direct calls, or only requests inside a $batch; both when absent. */
  via: z.enum(["direct", "batch"]).optional(),
  count: z.number().int().positive().default(1),
});

export const accessPolicyInput = z.object({
  tenantId: z.string().min(1),
  appId: z.string().min(1),
  accessRight: z.enum(["RestrictAccess", "DenyAccess"]),
  mailboxes: z.array(z.email()).min(1),
});

export const concurrencyInput = z.object({
  perMailbox: z.number().int().positive().optional(),
  /** null: unlimited. */
  perApp: z.number().int().positive().nullable().optional(),
  retryAfterSeconds: seconds.optional(),
});

export const nextLinkPolicyInput = z.object({ staleOlderNextLinks: z.boolean() });

export type GraphFaultInput = z.input<typeof graphFaultInput>;
export type AccessPolicyInput = z.input<typeof accessPolicyInput>;
export type ConcurrencyInput = z.input<typeof concurrencyInput>;
export type NextLinkPolicyInput = z.input<typeof nextLinkPolicyInput>;
