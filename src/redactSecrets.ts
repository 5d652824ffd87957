/**
 * Interaction and webhook tokens travel in URL paths (`/interactions/<id>/<token>/callback`,
 * `/webhooks/<app>/<token>`), and discord.js errors carry that URL. A leaked
 * interaction token lets anyone post as the bot for 15 minutes, so paths are
 * masked before anything reaches a log. So is the password of a database URL
 * (`postgres://user:password@host`), which STATE_URL carries and an error may quote.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/\/(interactions|webhooks)\/(\d+)\/[^/?\s"']+/g, '/$1/$2/[redacted]')
    .replace(/\b(postgres(?:ql)?:\/\/[^:/@\s"']*):[^@\s"']*@/gi, '$1:[redacted]@');
}
