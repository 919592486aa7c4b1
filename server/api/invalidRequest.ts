import type { Response } from "express";
import type { z } from "zod";

/** 400 naming every bad field and what is wrong with it. */
export function invalid(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: "invalid_request", message: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") });
}
