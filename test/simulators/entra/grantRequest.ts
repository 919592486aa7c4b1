import type { Request } from "express";
import type { PresentedCredential } from "./clientAuth";
import type { EntraContext } from "./context";
import type { Application } from "./directoryTypes";
import type { TenantPath } from "./tenantPath";

/** One token request as each grant type sees it: the client it names, how that client proved itself, and where it was sent. */
export interface GrantRequest {
  readonly ctx: EntraContext;
  readonly req: Request;
  readonly path: TenantPath;
  readonly client: Application;
  readonly credential: PresentedCredential;
  /** Audiences a client assertion may name: this endpoint as called, and with the tenant GUID. */
  readonly tokenEndpointAudiences: readonly string[];
}

/** What a grant answers with: the token response's JSON body. */
export type GrantHandler = (g: GrantRequest) => Promise<Record<string, unknown>>;
