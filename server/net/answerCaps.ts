import { gunzipSync, inflateSync } from "node:zlib";

/**
 * The most we read from a server's answer, as sent and once decompressed: a small gzip answer may inflate a
 * thousandfold, and a server an admin names is not trusted to be Exchange. A GetItem batch of 50 messages with full
 * bodies stays well below both.
 */
export const answerCaps = { maxBytes: 32 * 1024 * 1024, maxDecodedBytes: 64 * 1024 * 1024 } as const;

export class AnswerTooLargeError extends Error {
  readonly code = "EANSWERTOOLARGE";
  constructor(limit: number, what: "as sent" | "decompressed") {
    super(`the answer is larger than ${Math.round(limit / 1024 / 1024)} MB ${what}`);
    this.name = "AnswerTooLargeError";
  }
}

/** Decodes a body by its Content-Encoding, refusing to produce more than the cap. */
export function decodeCapped(raw: Buffer, contentEncoding: string, caps = answerCaps): Buffer {
  if (raw.length > caps.maxBytes) throw new AnswerTooLargeError(caps.maxBytes, "as sent");
  const encoding = contentEncoding.trim().toLowerCase();
  if (encoding !== "gzip" && encoding !== "deflate") return raw;
  try {
    return encoding === "gzip" ? gunzipSync(raw, { maxOutputLength: caps.maxDecodedBytes }) : inflateSync(raw, { maxOutputLength: caps.maxDecodedBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new AnswerTooLargeError(caps.maxDecodedBytes, "decompressed");
    throw err;
  }
}
