import type { APIAttachment } from 'discord-api-types/v10';
import type { UploadedFile } from './composeMessage';
import { invalidFormBody, requestEntityTooLarge, tooManyAttachments } from './discordErrors';
import type { FormErrorTree } from './formErrors';
import type { Lookup } from './lookups';
import type { MessageFieldsBody } from './messageSchemas';

/** Discord's limit on files per message ("Maximum number of attachments in a message reached (10)"). */
export const MAX_FILES_PER_MESSAGE = 10;

const FILE_FIELD = /^files\[(\d+)\]$/;

/** What settling a message's files needs: the per-file limit, and a place to keep each new file's bytes. */
export interface FileKeeper {
  readonly uploadLimitBytes: number;
  keep(file: UploadedFile, filename: string, description: string | undefined): APIAttachment;
}

type Planned =
  | { readonly kind: 'kept'; readonly attachment: APIAttachment }
  | { readonly kind: 'new'; readonly file: UploadedFile; readonly filename: string; readonly description: string | undefined };

/**
 * The attachments a created or edited message ends up with, by Discord's
 * rules for multipart bodies (Reference, "Uploading Files" and "Editing
 * Message Attachments"): each file within the upload limit (413 40005);
 * without an `attachments` list every uploaded file is added to what the
 * message had; with one, only what it lists stays, each entry naming either
 * a file the message already has or the `n` of an uploaded `files[n]`
 * (else 50035 ATTACHMENT_NOT_FOUND at that entry); at most ten in all
 * (30015). New files are kept only once the whole request passes.
 */
export function messageAttachments(
  listed: MessageFieldsBody['attachments'],
  files: readonly UploadedFile[],
  previous: readonly APIAttachment[],
  keeper: FileKeeper,
): Lookup<APIAttachment[]> {
  if (files.some((file) => file.bytes.length > keeper.uploadLimitBytes)) return { reply: requestEntityTooLarge() };
  let plan: Planned[];
  if (listed === undefined) {
    plan = [
      ...previous.map((attachment): Planned => ({ kind: 'kept', attachment })),
      ...files.map((file): Planned => ({ kind: 'new', file, filename: file.filename, description: undefined })),
    ];
  } else {
    const byPlaceholder = new Map<string, UploadedFile>();
    for (const file of files) {
      const index = FILE_FIELD.exec(file.field)?.[1];
      if (index !== undefined) byPlaceholder.set(BigInt(index).toString(), file);
    }
    const missing: FormErrorTree = {};
    plan = [];
    for (const [index, entry] of (listed ?? []).entries()) {
      const id = BigInt(entry.id).toString();
      const kept = previous.find((attachment) => attachment.id === id);
      const file = byPlaceholder.get(id);
      if (kept) plan.push({ kind: 'kept', attachment: kept });
      else if (file)
        plan.push({ kind: 'new', file, filename: entry.filename ?? file.filename, description: entry.description ?? undefined });
      else missing[String(index)] = { _errors: [{ code: 'ATTACHMENT_NOT_FOUND', message: 'Attachment data not found' }] };
    }
    if (Object.keys(missing).length > 0) return { reply: invalidFormBody({ attachments: missing }) };
  }
  if (plan.length > MAX_FILES_PER_MESSAGE) return { reply: tooManyAttachments() };
  return {
    found: plan.map((item) => (item.kind === 'kept' ? item.attachment : keeper.keep(item.file, item.filename, item.description))),
  };
}
