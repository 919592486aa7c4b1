import type { RequestHandler } from "express";
import helmet from "helmet";


/**
 * Helmet with what an Office add-in needs: a Content-Security-Policy whose frame-ancestors let Outlook (by default
 * the hosts in frameAncestors.ts, else FRAME_ANCESTORS) and our own origin (the demo host page) frame the pane, nobody else (X-Frame-Options is off because it cannot name several hosts), HSTS in production, images and icons
 * loadable by Outlook from its own origin, and no cross-origin opener policy that would cut the Office dialog off.
 */
export function securityHeaders(o: { production: boolean; frameAncestors: readonly string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        // Which scripts, styles and endpoints the pane loads (Office.js from the configured host, Fluent UI's inserted
        // styles, Entra for NAA) is not fenced here yet: a wrong source list breaks the pane inside Outlook silently.
        "default-src": helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
        "frame-ancestors": ["'self'", ...o.frameAncestors],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
      },
    },
    xFrameOptions: false,
    strictTransportSecurity: o.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: "cross-origin" },
    crossOriginOpenerPolicy: false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: "strict-origin-when-cross-origin" },
  });
}
