/**
 * Virtual dispatch: each class's vtable slots (ECMA-335 II.10.3: inherited slots, overriding
 * by name and signature unless `newslot`, explicit overrides from MethodImpl rows) and its
 * interface map (every interface it implements, transitively, and for each interface method
 * the vtable slot that implements it).
 *
 * Invariants: a derived class's vtable starts with its base class's slots in the same order,
 * so a slot number chosen for a method of the base is valid for every derived class; interface
 * methods are dispatched through slots too, so overrides in subclasses are honoured.
 */
import { Table } from "../metadata/schema.js";
import { TypeSystem, sameSignature } from "./typesystem.js";
import { Kind, MethodDesc, TypeDesc, TypeLoadError } from "./types.js";

export interface VTable {
  type: TypeDesc;
  /** slot → the method that runs for this class. */
  slots: MethodDesc[];
  /** Virtual method (as declared, on this class or an ancestor) → its slot. */
  slotOf: Map<MethodDesc, number>;
  /** Every interface implemented, transitively, in a stable order. */
  interfaces: TypeDesc[];
  /** Interface → for each of its methods (in declaration order), the slot implementing it (-1: none, abstract class). */
  interfaceSlots: Map<TypeDesc, number[]>;
}


export class VTables {
  constructor(readonly ts: TypeSystem) {}

  of(t: TypeDesc): VTable {
    if (t.methodTable) return t.methodTable as VTable;
    const v = this.build(t);
    t.methodTable = v;
    return v;
  }

  /** The slot of virtual method `m` (declared on a class), for callvirt through the vtable. */
  slot(m: MethodDesc): number {
    const s = this.of(m.owner).slotOf.get(m);
    if (s === undefined) throw new TypeLoadError(`${m.fullName} is not virtual`);
    return s;
  }

  /** The implementation of interface method `im` in class `t` (null when abstract). */
  resolveInterfaceMethod(t: TypeDesc, im: MethodDesc): MethodDesc | null {
    const v = this.of(t);
    const slots = v.interfaceSlots.get(im.owner);
    if (!slots) throw new TypeLoadError(`${t.key} does not implement ${im.owner.key}`);
    const idx = this.ts.methodsOf(im.owner).indexOf(im);
    const s = slots[idx] ?? -1;
    return s < 0 ? null : v.slots[s]!;
  }

  /** The method that runs for `callvirt m` on an object of exact class `t`. */
  resolveVirtual(t: TypeDesc, m: MethodDesc): MethodDesc {
    if (m.owner.isInterface) {
      const impl = this.resolveInterfaceMethod(t, m);
      if (!impl) throw new TypeLoadError(`${t.key} has no implementation of ${m.fullName}`);
      return impl;
    }
    return this.of(t).slots[this.slot(m)]!;
  }

  private build(t: TypeDesc): VTable {
    const ts = this.ts;
    const base = t.isInterface ? null : ts.baseType(t);
    const parent = base && base.module ? this.of(base) : null;
    const slots = parent ? [...parent.slots] : [];
    const slotOf = new Map(parent ? parent.slotOf : []);
    const own = ts.methodsOf(t);
    if (!t.isInterface) {
      for (const m of own) {
        if (!m.isVirtual) continue;
        let slot = -1;
        if (!m.isNewSlot) {
          for (let i = slots.length - 1; i >= 0; i--) {
            const s = slots[i]!;
            if (s.name === m.name && sameSignature(s.sig, m.sig)) {
              slot = i;
              break;
            }
          }
        }
        if (slot < 0) {
          slot = slots.length;
          slots.push(m);
        } else slots[slot] = m;
        slotOf.set(m, slot);
      }
    }

    // Explicit overrides (MethodImpl rows of this class).
    const explicitIface = new Map<MethodDesc, MethodDesc>();
    if (t.module) {
      const r = t.module.reader;
      const gctx = { typeArgs: t.args, methodArgs: [] };
      for (let i = 1; i <= r.rows(Table.MethodImpl); i++) {
        if (r.tables.ref(Table.MethodImpl, i, 0) !== t.row) continue;
        const body = ts.methodFromToken(t.module, r.tables.coded(Table.MethodImpl, i, 1), gctx);
        const decl = ts.methodFromToken(t.module, r.tables.coded(Table.MethodImpl, i, 2), gctx);
        const bodySlot = slotOf.get(body);
        if (decl.owner.isInterface) explicitIface.set(decl, body);
        else {
          const s = slotOf.get(decl);
          if (s === undefined) throw new TypeLoadError(`${t.key}: MethodImpl overrides ${decl.fullName}, which has no slot`);
          slots[s] = body;
          if (bodySlot === undefined) slotOf.set(body, s);
        }
      }
    }

    // Interfaces, transitively: the parent's, then declared ones and their bases.
    const interfaces: TypeDesc[] = parent ? [...parent.interfaces] : [];
    const add = (i: TypeDesc, depth: number) => {
      if (depth > 32) throw new TypeLoadError(`${t.key}: interface inheritance too deep`);
      if (!interfaces.includes(i)) interfaces.push(i);
      for (const b of ts.declaredInterfaces(i)) add(b, depth + 1);
    };
    const declared = ts.declaredInterfaces(t);
    for (const i of declared) add(i, 0);

    const interfaceSlots = new Map<TypeDesc, number[]>(parent ? parent.interfaceSlots : []);
    if (!t.isInterface) {
      for (const iface of interfaces) {
        const reimplemented = declared.includes(iface) || !interfaceSlots.has(iface);
        if (!reimplemented && !own.some((m) => m.isVirtual)) continue;
        const inherited = interfaceSlots.get(iface);
        const methods = ts.methodsOf(iface);
        const map = methods.map((im, k) => {
          if (im.isStatic) return -1;
          const ex = explicitIface.get(im);
          if (ex) {
            const s = slotOf.get(ex);
            if (s === undefined) throw new TypeLoadError(`${t.key}: ${ex.fullName} implements ${im.fullName} but is not virtual`);
            return s;
          }
          // Implicit implementation: the most derived public virtual method with the same name and signature.
          if (reimplemented || inherited === undefined || inherited[k]! < 0) {
            for (let i = slots.length - 1; i >= 0; i--) {
              const s = slots[i]!;
              if (s.name === im.name && sameSignature(s.sig, im.sig) && (s.flags & 7) === 6) return i;
            }
          }
          return inherited ? inherited[k]! : -1;
        });
        interfaceSlots.set(iface, map);
      }
    }
    if (t.kind !== Kind.Class && t.kind !== Kind.ValueType && !t.module) {
      throw new TypeLoadError(`${t.key} has no vtable of its own`);
    }
    return { type: t, slots, slotOf, interfaces, interfaceSlots };
  }
}
