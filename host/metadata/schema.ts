/**
 * The ECMA-335 II.22 table schema: every table, its columns and each column's kind.
 * Column widths are not fixed here: heap indices, table indices and coded indices are 2 or 4
 * bytes depending on heap sizes and row counts, computed per image in tables.ts.
 */

export const enum Table {
  Module = 0x00,
  TypeRef = 0x01,
  TypeDef = 0x02,
  FieldPtr = 0x03,
  Field = 0x04,
  MethodPtr = 0x05,
  MethodDef = 0x06,
  ParamPtr = 0x07,
  Param = 0x08,
  InterfaceImpl = 0x09,
  MemberRef = 0x0a,
  Constant = 0x0b,
  CustomAttribute = 0x0c,
  FieldMarshal = 0x0d,
  DeclSecurity = 0x0e,
  ClassLayout = 0x0f,
  FieldLayout = 0x10,
  StandAloneSig = 0x11,
  EventMap = 0x12,
  EventPtr = 0x13,
  Event = 0x14,
  PropertyMap = 0x15,
  PropertyPtr = 0x16,
  Property = 0x17,
  MethodSemantics = 0x18,
  MethodImpl = 0x19,
  ModuleRef = 0x1a,
  TypeSpec = 0x1b,
  ImplMap = 0x1c,
  FieldRva = 0x1d,
  EncLog = 0x1e,
  EncMap = 0x1f,
  Assembly = 0x20,
  AssemblyProcessor = 0x21,
  AssemblyOS = 0x22,
  AssemblyRef = 0x23,
  AssemblyRefProcessor = 0x24,
  AssemblyRefOS = 0x25,
  File = 0x26,
  ExportedType = 0x27,
  ManifestResource = 0x28,
  NestedClass = 0x29,
  GenericParam = 0x2a,
  MethodSpec = 0x2b,
  GenericParamConstraint = 0x2c,
}

export const TABLE_COUNT = 0x2d;

/** Coded index kinds, II.24.2.6. */
export const enum Coded {
  TypeDefOrRef = 0,
  HasConstant,
  HasCustomAttribute,
  HasFieldMarshal,
  HasDeclSecurity,
  MemberRefParent,
  HasSemantics,
  MethodDefOrRef,
  MemberForwarded,
  Implementation,
  CustomAttributeType,
  ResolutionScope,
  TypeOrMethodDef,
}

const NONE = -1;

/** For each coded index kind: tag bit count and the table each tag value selects (-1: unused tag). */
export const CODED: readonly { name: string; bits: number; tables: readonly number[] }[] = [
  { name: "TypeDefOrRef", bits: 2, tables: [Table.TypeDef, Table.TypeRef, Table.TypeSpec] },
  { name: "HasConstant", bits: 2, tables: [Table.Field, Table.Param, Table.Property] },
  {
    name: "HasCustomAttribute",
    bits: 5,
    tables: [
      Table.MethodDef, Table.Field, Table.TypeRef, Table.TypeDef, Table.Param, Table.InterfaceImpl, Table.MemberRef,
      Table.Module, Table.DeclSecurity, Table.Property, Table.Event, Table.StandAloneSig, Table.ModuleRef,
      Table.TypeSpec, Table.Assembly, Table.AssemblyRef, Table.File, Table.ExportedType, Table.ManifestResource,
      Table.GenericParam, Table.GenericParamConstraint, Table.MethodSpec,
    ],
  },
  { name: "HasFieldMarshal", bits: 1, tables: [Table.Field, Table.Param] },
  { name: "HasDeclSecurity", bits: 2, tables: [Table.TypeDef, Table.MethodDef, Table.Assembly] },
  { name: "MemberRefParent", bits: 3, tables: [Table.TypeDef, Table.TypeRef, Table.ModuleRef, Table.MethodDef, Table.TypeSpec] },
  { name: "HasSemantics", bits: 1, tables: [Table.Event, Table.Property] },
  { name: "MethodDefOrRef", bits: 1, tables: [Table.MethodDef, Table.MemberRef] },
  { name: "MemberForwarded", bits: 1, tables: [Table.Field, Table.MethodDef] },
  { name: "Implementation", bits: 2, tables: [Table.File, Table.AssemblyRef, Table.ExportedType] },
  { name: "CustomAttributeType", bits: 3, tables: [NONE, NONE, Table.MethodDef, Table.MemberRef, NONE] },
  { name: "ResolutionScope", bits: 2, tables: [Table.Module, Table.ModuleRef, Table.AssemblyRef, Table.TypeRef] },
  { name: "TypeOrMethodDef", bits: 1, tables: [Table.TypeDef, Table.MethodDef] },
];

/** Column kinds. Values ≥ COL_TABLE are simple indices into table (k - COL_TABLE); ≥ COL_CODED are coded indices. */
export const COL_U8 = 1; // one byte followed by one padding byte (Constant.Type)
export const COL_U16 = 2;
export const COL_U32 = 4;
export const COL_STRING = 10;
export const COL_GUID = 11;
export const COL_BLOB = 12;
export const COL_TABLE = 0x100;
export const COL_CODED = 0x200;

const t = (table: Table) => COL_TABLE + table;
const c = (kind: Coded) => COL_CODED + kind;

export interface TableSchema {
  name: string;
  columns: readonly { name: string; kind: number }[];
}

function s(name: string, ...cols: [string, number][]): TableSchema {
  return { name, columns: cols.map(([n, k]) => ({ name: n, kind: k })) };
}

export const SCHEMA: readonly TableSchema[] = [
  s("Module", ["Generation", COL_U16], ["Name", COL_STRING], ["Mvid", COL_GUID], ["EncId", COL_GUID], ["EncBaseId", COL_GUID]),
  s("TypeRef", ["ResolutionScope", c(Coded.ResolutionScope)], ["TypeName", COL_STRING], ["TypeNamespace", COL_STRING]),
  s("TypeDef", ["Flags", COL_U32], ["TypeName", COL_STRING], ["TypeNamespace", COL_STRING], ["Extends", c(Coded.TypeDefOrRef)], ["FieldList", t(Table.Field)], ["MethodList", t(Table.MethodDef)]),
  s("FieldPtr", ["Field", t(Table.Field)]),
  s("Field", ["Flags", COL_U16], ["Name", COL_STRING], ["Signature", COL_BLOB]),
  s("MethodPtr", ["Method", t(Table.MethodDef)]),
  s("MethodDef", ["RVA", COL_U32], ["ImplFlags", COL_U16], ["Flags", COL_U16], ["Name", COL_STRING], ["Signature", COL_BLOB], ["ParamList", t(Table.Param)]),
  s("ParamPtr", ["Param", t(Table.Param)]),
  s("Param", ["Flags", COL_U16], ["Sequence", COL_U16], ["Name", COL_STRING]),
  s("InterfaceImpl", ["Class", t(Table.TypeDef)], ["Interface", c(Coded.TypeDefOrRef)]),
  s("MemberRef", ["Class", c(Coded.MemberRefParent)], ["Name", COL_STRING], ["Signature", COL_BLOB]),
  s("Constant", ["Type", COL_U8], ["Parent", c(Coded.HasConstant)], ["Value", COL_BLOB]),
  s("CustomAttribute", ["Parent", c(Coded.HasCustomAttribute)], ["Type", c(Coded.CustomAttributeType)], ["Value", COL_BLOB]),
  s("FieldMarshal", ["Parent", c(Coded.HasFieldMarshal)], ["NativeType", COL_BLOB]),
  s("DeclSecurity", ["Action", COL_U16], ["Parent", c(Coded.HasDeclSecurity)], ["PermissionSet", COL_BLOB]),
  s("ClassLayout", ["PackingSize", COL_U16], ["ClassSize", COL_U32], ["Parent", t(Table.TypeDef)]),
  s("FieldLayout", ["Offset", COL_U32], ["Field", t(Table.Field)]),
  s("StandAloneSig", ["Signature", COL_BLOB]),
  s("EventMap", ["Parent", t(Table.TypeDef)], ["EventList", t(Table.Event)]),
  s("EventPtr", ["Event", t(Table.Event)]),
  s("Event", ["EventFlags", COL_U16], ["Name", COL_STRING], ["EventType", c(Coded.TypeDefOrRef)]),
  s("PropertyMap", ["Parent", t(Table.TypeDef)], ["PropertyList", t(Table.Property)]),
  s("PropertyPtr", ["Property", t(Table.Property)]),
  s("Property", ["Flags", COL_U16], ["Name", COL_STRING], ["Type", COL_BLOB]),
  s("MethodSemantics", ["Semantics", COL_U16], ["Method", t(Table.MethodDef)], ["Association", c(Coded.HasSemantics)]),
  s("MethodImpl", ["Class", t(Table.TypeDef)], ["MethodBody", c(Coded.MethodDefOrRef)], ["MethodDeclaration", c(Coded.MethodDefOrRef)]),
  s("ModuleRef", ["Name", COL_STRING]),
  s("TypeSpec", ["Signature", COL_BLOB]),
  s("ImplMap", ["MappingFlags", COL_U16], ["MemberForwarded", c(Coded.MemberForwarded)], ["ImportName", COL_STRING], ["ImportScope", t(Table.ModuleRef)]),
  s("FieldRVA", ["RVA", COL_U32], ["Field", t(Table.Field)]),
  s("EncLog", ["Token", COL_U32], ["FuncCode", COL_U32]),
  s("EncMap", ["Token", COL_U32]),
  s("Assembly", ["HashAlgId", COL_U32], ["MajorVersion", COL_U16], ["MinorVersion", COL_U16], ["BuildNumber", COL_U16], ["RevisionNumber", COL_U16], ["Flags", COL_U32], ["PublicKey", COL_BLOB], ["Name", COL_STRING], ["Culture", COL_STRING]),
  s("AssemblyProcessor", ["Processor", COL_U32]),
  s("AssemblyOS", ["OSPlatformID", COL_U32], ["OSMajorVersion", COL_U32], ["OSMinorVersion", COL_U32]),
  s("AssemblyRef", ["MajorVersion", COL_U16], ["MinorVersion", COL_U16], ["BuildNumber", COL_U16], ["RevisionNumber", COL_U16], ["Flags", COL_U32], ["PublicKeyOrToken", COL_BLOB], ["Name", COL_STRING], ["Culture", COL_STRING], ["HashValue", COL_BLOB]),
  s("AssemblyRefProcessor", ["Processor", COL_U32], ["AssemblyRef", t(Table.AssemblyRef)]),
  s("AssemblyRefOS", ["OSPlatformID", COL_U32], ["OSMajorVersion", COL_U32], ["OSMinorVersion", COL_U32], ["AssemblyRef", t(Table.AssemblyRef)]),
  s("File", ["Flags", COL_U32], ["Name", COL_STRING], ["HashValue", COL_BLOB]),
  s("ExportedType", ["Flags", COL_U32], ["TypeDefId", COL_U32], ["TypeName", COL_STRING], ["TypeNamespace", COL_STRING], ["Implementation", c(Coded.Implementation)]),
  s("ManifestResource", ["Offset", COL_U32], ["Flags", COL_U32], ["Name", COL_STRING], ["Implementation", c(Coded.Implementation)]),
  s("NestedClass", ["NestedClass", t(Table.TypeDef)], ["EnclosingClass", t(Table.TypeDef)]),
  s("GenericParam", ["Number", COL_U16], ["Flags", COL_U16], ["Owner", c(Coded.TypeOrMethodDef)], ["Name", COL_STRING]),
  s("MethodSpec", ["Method", c(Coded.MethodDefOrRef)], ["Instantiation", COL_BLOB]),
  s("GenericParamConstraint", ["Owner", t(Table.GenericParam)], ["Constraint", c(Coded.TypeDefOrRef)]),
];

/** Column index constants for the columns the reader uses by name (position in SCHEMA[t].columns). */
export function col(table: Table, name: string): number {
  const i = SCHEMA[table]!.columns.findIndex((c) => c.name === name);
  if (i < 0) throw new Error(`schema: ${SCHEMA[table]!.name} has no column ${name}`);
  return i;
}
