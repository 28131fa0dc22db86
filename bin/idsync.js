#!/usr/bin/env node
import { launch } from "./_launch.js";

await launch("idsync.ts");
