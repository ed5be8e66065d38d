/** A numeric command-line option of a bench run by itself (`--calls 200`), or undefined when absent. */
export function numberArg(flag: string): number | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : undefined;
}
