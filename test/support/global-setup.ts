// Runs once before the test files: builds the C# and IL fixtures with Mono's compilers.
import { buildFixtures } from "./fixtures.js";

export default async function setup(): Promise<void> {
  buildFixtures();
}
