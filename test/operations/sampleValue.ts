/** The value of one series in Prometheus text, such as `briefing_desk_interactions_total{command="levels",outcome="answered"}`; undefined when absent. */
export function sampleValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}
