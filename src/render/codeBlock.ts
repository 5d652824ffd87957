/**
 * A fenced code block as Discord renders it. Discord has no longer fences, so
 * a triple backtick inside the code gets a zero-width space that keeps it from
 * closing the block early. The language tag keeps only the characters of real
 * tags (`ts`, `c++`, `objective-c`), so it cannot close the fence on its line.
 */
export function codeBlock(code: string, lang?: string): string {
  const tag = (lang?.trim().split(/\s+/)[0] ?? '').replace(/[^\w+#.-]/g, '');
  return `\`\`\`${tag}\n${code.replaceAll('```', '`\u200b``')}\n\`\`\``;
}
