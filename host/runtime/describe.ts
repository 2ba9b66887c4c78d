// The text Mono prints for an exception nobody caught.
import { clrTypeName, type Runtime } from "./runtime.js";

/** "Type: message" as Mono prints an unhandled exception (inner exceptions after " ---> "). */
export function describeException(rt: Runtime, ex: number, depth = 0): string {
  const mt = rt.r64(ex);
  const t = rt.typeOfMethodTable(mt);
  const name = t ? clrTypeName(t) : "System.Exception";
  const exType = rt.ts.corlibType("System", "Exception");
  let message: string | null = null;
  let inner = 0;
  try {
    message = rt.readString(rt.r64(ex + rt.fieldOffset(exType, "_message")));
    inner = rt.r64(ex + rt.fieldOffset(exType, "_innerException"));
    if (t && message !== null) {
      const argEx = rt.ts.corlibType("System", "ArgumentException");
      if (rt.isAssignable(mt, rt.methodTable(argEx))) {
        const param = rt.readString(rt.r64(ex + rt.fieldOffset(argEx, "_paramName")));
        if (param) message += `\nParameter name: ${param}`;
      }
    }
  } catch {
    // Not an Exception: print its type alone.
  }
  if (message === null) message = `Exception of type '${name}' was thrown.`;
  let text = message === "" ? name : `${name}: ${message}`;
  if (inner && depth < 16) text += ` ---> ${describeException(rt, inner, depth + 1)}\n   --- End of inner exception stack trace ---`;
  return text;
}
