import { z } from 'zod';
import { figuresFileSchema } from './figuresSchema';

/**
 * The JSON Schema of figures.json, generated from the zod schema so the two
 * cannot drift; editors use it to check data as it is typed. It describes the
 * file as written (`io: 'input'`), so fields with defaults are optional.
 * Cross-checks such as duplicate ids and units that fit the metric are beyond
 * JSON Schema: only the loader reports those.
 */
export function figuresJsonSchema(): string {
  const schema = z.toJSONSchema(figuresFileSchema, { io: 'input' });
  return `${JSON.stringify({ ...schema, title: 'Briefing Desk snapshot figures (figures.json)' }, null, 2)}\n`;
}
