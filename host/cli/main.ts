// The ngen command line. A thin shell over the public API in host/api.ts.
export async function main(argv: string[]): Promise<number> {
  void argv;
  return 0;
}
