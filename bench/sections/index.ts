/**
 * @module
 * Every benchmark section, in the order `npm run bench` runs them. Add a section here.
 */
import type { Section } from "./_section.ts";
import { scriptsSection, storeSection } from "./scripts.ts";
import { syncSection } from "./sync.ts";

export const SECTIONS: readonly Section[] = [syncSection, storeSection, scriptsSection];
export type { BenchOptions, Section, SectionResult } from "./_section.ts";
