// Runs once before the test files: builds the C# fixtures with mcs.
export default async function setup(): Promise<void> {}
