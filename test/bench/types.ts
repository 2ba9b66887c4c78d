/** One line of test/bench/results.json. `peer` is what `value` is compared against, measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  peer: string | null;
  peerValue: number | null;
  /** Free-form detail shown in the table (e.g. the ratio or the workload). */
  note?: string;
}

export interface BenchModule {
  /** Short name used on the command line: `npm run bench -- <name>`. */
  readonly name: string;
  run(): Promise<BenchResult[]>;
}
