/**
 * @module
 * Every benchmark section, in the order `npm run bench` runs them. Add a section here.
 */
import type { Section } from "./_section.ts";
import { readingSection } from "./reading.ts";
import { expansionSection, scriptsSection } from "./scripts.ts";
import { storeSection } from "./store.ts";
import { syncSection } from "./sync.ts";

export const SECTIONS: readonly Section[] = [
  syncSection,
  storeSection,
  expansionSection,
  readingSection,
  scriptsSection,
];
export type { BenchOptions, Section, SectionResult } from "./_section.ts";
