/** The slice of a pino logger the scheduler uses: structured fields first, then the message. */
export interface RecapLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}
