import type { IncomingMessage } from 'node:http';
import type { UploadedFile } from './composeMessage';

/** A request body as the routes see it: the JSON payload and any uploaded files. */
export type RequestBody = { readonly ok: true; readonly json: unknown; readonly files: readonly UploadedFile[] } | { readonly ok: false };

/**
 * Reads a body the way Discord accepts it: JSON, or multipart/form-data with
 * the JSON in `payload_json` (discord.js sends that whenever files ride along)
 * or as plain form fields.
 */
export async function readRequestBody(request: IncomingMessage): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { ok: true, json: undefined, files: [] };
  const contentType = request.headers['content-type'] ?? '';
  if (contentType.startsWith('multipart/form-data')) return readMultipart(raw, contentType);
  return parseJson(raw.toString('utf8'), []);
}

async function readMultipart(raw: Buffer, contentType: string): Promise<RequestBody> {
  let form: FormData;
  try {
    form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false };
  }
  const files: UploadedFile[] = [];
  const fields: Record<string, string> = {};
  let payloadJson: string | undefined;
  for (const [field, value] of form.entries()) {
    if (typeof value !== 'string') {
      files.push({ field, filename: value.name, bytes: Buffer.from(await value.arrayBuffer()), contentType: value.type });
    } else if (field === 'payload_json') {
      payloadJson = value;
    } else {
      fields[field] = value;
    }
  }
  if (payloadJson !== undefined) return parseJson(payloadJson, files);
  return { ok: true, json: Object.keys(fields).length > 0 ? fields : undefined, files };
}

function parseJson(text: string, files: readonly UploadedFile[]): RequestBody {
  try {
    return { ok: true, json: JSON.parse(text) as unknown, files };
  } catch {
    return { ok: false };
  }
}
