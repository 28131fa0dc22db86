export {
  defineSettings,
  type SettingField,
  type SettingKind,
  type SettingName,
  type SettingValue,
  type SettingsDeclaration,
  type SettingsValues,
} from "./define.ts";
export {
  resolveSettings,
  resolveSettingsWithSources,
  type ResolveInput,
  type ResolvedSettings,
  type SettingOrigin,
  type SettingSource,
} from "./resolve.ts";
export { settingsSchema, settingsHelp, type SettingHelp, type SettingsSchema, type SettingSchema } from "./schema.ts";
export { envVarName } from "./env-names.ts";
export { byteSizeProblem, parseByteSize } from "./byte-size.ts";
