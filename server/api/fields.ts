import { z } from "zod";

/**
 * An email address as requests carry it: at most 254 characters (RFC 5321's limit on a forward path, which Exchange
 * and Salesforce also hold to), checked before the pattern so a long one is told why.
 */
export const emailAddress = (message = "must be an email address") =>
  z.string().trim().max(254, "must be at most 254 characters").toLowerCase().email(message);
