import { RESTJSONErrorCodes, type RESTError, type RESTRateLimit } from 'discord-api-types/v10';
import type { FormErrorTree } from './formErrors';
import type { RestReply } from './restReply';

/**
 * Discord's error answers, with the status, code and message text the real
 * API sends, so the client's error handling meets what production has.
 */

function restError(status: number, code: number, message: string, errors?: FormErrorTree): RestReply {
  const base: RESTError = { code, message };
  return { status, body: errors === undefined ? base : { ...base, errors } };
}

/** 401, code 0: no or the wrong `Authorization: Bot <token>`. */
export const unauthorized = (): RestReply => restError(401, 0, '401: Unauthorized');
/** 404, code 0: no such route. */
export const routeNotFound = (): RestReply => restError(404, 0, '404: Not Found');
/** 405, code 0: the route exists under another method. */
export const methodNotAllowed = (): RestReply => restError(405, 0, '405: Method Not Allowed');
/** 400 50041: a version other than v10 in the path. */
export const invalidApiVersion = (): RestReply => restError(400, RESTJSONErrorCodes.InvalidAPIVersion, 'Invalid API version provided');
/** 400 50109: a body that is not JSON. */
export const invalidJson = (): RestReply =>
  restError(400, RESTJSONErrorCodes.RequestBodyContainsInvalidJSON, 'The request body contains invalid JSON.');
/** 400 50035 with Discord's nested `errors` object. */
export const invalidFormBody = (errors: FormErrorTree): RestReply =>
  restError(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);
/** 400 50006: no content, embeds, components, files or stickers. */
export const emptyMessage = (): RestReply => restError(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
/** 404 10003: the channel does not exist (or was deleted). */
export const unknownChannel = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
/** 404 10004. */
export const unknownGuild = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownGuild, 'Unknown Guild');
/** 404 10007. */
export const unknownMember = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownMember, 'Unknown Member');
/** 404 10013. */
export const unknownUser = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User');
/** 404 10008. */
export const unknownMessage = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
/** 404 10015: also what an interaction webhook answers before the interaction is acknowledged. */
export const unknownWebhook = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
/** 404 10063. */
export const unknownCommand = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command');
/** 404 10062: unknown, or its callback window has passed. */
export const unknownInteraction = (): RestReply => restError(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
/** 400 40060: a second callback to one interaction. */
export const alreadyAcknowledged = (): RestReply =>
  restError(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.');
/** 401 50027: the interaction token has expired (15 minutes). */
export const invalidWebhookToken = (): RestReply => restError(401, RESTJSONErrorCodes.InvalidWebhookToken, 'Invalid Webhook Token');
/** 403 50001: the bot cannot see the channel or is not in the guild. */
export const missingAccess = (): RestReply => restError(403, RESTJSONErrorCodes.MissingAccess, 'Missing Access');
/** 403 50013: the bot sees the channel but lacks a permission (send, embed links). */
export const missingPermissions = (): RestReply => restError(403, RESTJSONErrorCodes.MissingPermissions, 'Missing Permissions');

/** 413 40005: one uploaded file is over the upload limit. */
export const requestEntityTooLarge = (): RestReply => restError(413, RESTJSONErrorCodes.RequestEntityTooLarge, 'Request entity too large');
/** 400 30015: more than ten files on one message. */
export const tooManyAttachments = (): RestReply =>
  restError(400, RESTJSONErrorCodes.MaximumNumberOfAttachmentsInAMessageReached, 'Maximum number of attachments in a message reached (10)');

/** An injected server failure, in the shape Discord's edge returns. */
export function serverError(status: number): RestReply {
  return restError(status, 0, `${status}: ${status === 502 ? 'Bad Gateway' : 'Internal Server Error'}`);
}

/**
 * A global 429. Discord puts whole seconds in `Retry-After` and the precise
 * wait in the body, so a client that reads the header waits a little longer.
 */
export function globallyRateLimited(retryAfterMs: number): RestReply {
  const seconds = Math.max(0.001, Math.round(retryAfterMs) / 1000);
  const body: RESTRateLimit = { message: 'You are being rate limited.', retry_after: seconds, global: true };
  return {
    status: 429,
    body,
    headers: {
      'retry-after': String(Math.ceil(seconds)),
      'x-ratelimit-global': 'true',
      'x-ratelimit-scope': 'global',
    },
  };
}
