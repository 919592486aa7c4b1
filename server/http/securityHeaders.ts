import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Who may frame our pages: Outlook on the web (outlook.office.com, outlook.office365.com, outlook.live.com and the
 * regional *.outlook.com hosts), new Outlook for Windows and Outlook on the web on Microsoft's cloud.microsoft domain
 * (outlook.cloud.microsoft), and our own origin (the demo host page). Classic desktop Outlook and Outlook on Mac load
 * the pane as a top-level web view, which frame-ancestors does not restrict.
 */
export const outlookFrameAncestors = [
  "https://outlook.office.com",
  "https://outlook.office365.com",
  "https://outlook.live.com",
  "https://*.outlook.com",
  "https://outlook.cloud.microsoft",
] as const;

/**
 * Helmet with what an Office add-in needs: a Content-Security-Policy whose frame-ancestors let Outlook frame the pane
 * and nobody else (X-Frame-Options is off because it cannot name several hosts), HSTS in production, images and icons
 * loadable by Outlook from its own origin, and no cross-origin opener policy that would cut the Office dialog off.
 */
export function securityHeaders(o: { production: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        // Which scripts, styles and endpoints the pane loads (Office.js from the configured host, Fluent UI's inserted
        // styles, Entra for NAA) is not fenced here yet: a wrong source list breaks the pane inside Outlook silently.
        "default-src": helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
        "frame-ancestors": ["'self'", ...outlookFrameAncestors],
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
