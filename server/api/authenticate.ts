import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { AppRole, Caller, CallerTokenVerifier } from "../identity/callerToken";
import { UnauthorizedError } from "../identity/callerToken";

/** The verified caller of this request (set by authenticate()). */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  if (!caller) throw new Error("callerOf() used on a route without authenticate()");
  return caller;
}

export function authenticate(verifier: CallerTokenVerifier): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    verifier.verify(req.headers.authorization).then(
      (caller) => {
        res.locals.caller = caller;
        next();
      },
      (err: unknown) => {
        if (!(err instanceof UnauthorizedError)) return next(err);
        res
          .status(401)
          .set("WWW-Authenticate", `Bearer error="invalid_token", error_description="${err.problem.replace(/"/g, "'")}"`)
          .json({ error: "unauthorized", message: err.problem });
      },
    );
  };
}

/** 403 unless the caller holds one of the roles (assigned in Entra: Enterprise applications -> Users and groups). */
export function requireRole(...roles: AppRole[]): RequestHandler {
  return (_req, res, next) => {
    const caller = callerOf(res);
    if (caller.roles.some((r) => roles.includes(r))) return next();
    res.status(403).json({ error: "forbidden", message: `This needs the ${roles.join(" or ")} role; ask your administrator to assign it in Entra ID.` });
  };
}

/** How the audit log names the caller: their sign-in address, or oid@tid when the token carries none. */
export function actorOf(caller: Caller): string {
  return caller.username ?? `${caller.oid}@${caller.tid}`;
}
