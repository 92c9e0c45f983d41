// "Per day" everywhere in the project is the Asia/Shanghai calendar day (DOMAIN.md). Pure: rules use it.

const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Asia/Shanghai calendar day of an instant, as 'YYYY-MM-DD' ("per day" in every rule). */
export function shanghaiDay(at: Date): string {
  return SHANGHAI.format(at);
}
