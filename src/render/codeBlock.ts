/**
 * A fenced code block as Discord renders it. Discord has no longer fences, so
 * a zero-width space goes between any two backticks in the code: no run of
 * three (or four, which a plain replace of three would leave) can close the
 * block early. The language tag keeps only the characters of real
 * tags (`ts`, `c++`, `objective-c`), so it cannot close the fence on its line.
 */
export function codeBlock(code: string, lang?: string): string {
  const tag = (lang?.trim().split(/\s+/)[0] ?? '').replace(/[^\w+#.-]/g, '');
  return `\`\`\`${tag}\n${code.replace(/`(?=`)/g, '`\u200b')}\n\`\`\``;
}
