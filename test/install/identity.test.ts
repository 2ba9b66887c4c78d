// What makes a native image invalid: each part of its identity block, checked on its own.
import { describe, expect, it } from "vitest";
import { IdentityBlock, invalidReason } from "../../host/install/identity-block.js";

const base: IdentityBlock = {
  format: 1,
  assembly: "App, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null",
  mvid: "m",
  sourceHash: "aa",
  dependencies: [
    { displayName: "Lib, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", path: "/a/Lib.dll", hash: "bb", mvid: "n", hardBound: false },
    { displayName: "Deep, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null", path: "/a/Deep.dll", hash: "cc", mvid: "o", hardBound: false },
  ],
  compiler: "ngen 0.1.0",
  coreAbi: 5,
  runtimeAbi: 1,
  cpuFeatures: ["sse2", "sse4_1", "popcnt"],
  os: "linux-x64",
  scenario: "default",
  configFingerprint: "f",
};

describe("image validity", () => {
  it("holds when nothing changed, including a CPU with more features", () => {
    expect(invalidReason(base, base)).toBeNull();
    expect(invalidReason(base, { ...base, cpuFeatures: [...base.cpuFeatures, "bmi1"] })).toBeNull();
  });

  it.each<[string, Partial<IdentityBlock>, RegExp]>([
    ["the source", { sourceHash: "zz" }, /App.*changed since the image was made/],
    ["a direct dependency", { dependencies: [{ ...base.dependencies[0]!, hash: "xx" }, base.dependencies[1]!] }, /dependency Lib.*changed/],
    ["a transitive dependency", { dependencies: [base.dependencies[0]!, { ...base.dependencies[1]!, hash: "xx" }] }, /dependency Deep.*changed/],
    ["a dependency's binding", { dependencies: [{ ...base.dependencies[0]!, displayName: "Lib, Version=2.0.0.0, Culture=neutral, PublicKeyToken=null" }, base.dependencies[1]!] }, /now binds to Lib, Version=2\.0\.0\.0/],
    ["the compiler", { compiler: "ngen 0.2.0" }, /made by ngen 0\.1\.0, this is ngen 0\.2\.0/],
    ["the compiler ABI", { coreAbi: 6 }, /compiler ABI 5, now 6/],
    ["the runtime ABI", { runtimeAbi: 2 }, /runtime ABI 1, now 2/],
    ["the CPU", { cpuFeatures: ["sse2"] }, /lacks: sse4_1, popcnt/],
    ["the OS", { os: "linux-arm64" }, /made for linux-x64/],
    ["the configuration", { configFingerprint: "g" }, /configuration changed/],
    ["the dependency set", { dependencies: [base.dependencies[0]!] }, /Deep.*no longer bound/],
  ])("is lost when %s changes", (_, change, why) => {
    expect(invalidReason(base, { ...base, ...change })).toMatch(why);
  });
});
