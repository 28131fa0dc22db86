#!/usr/bin/env node
import { launch } from "./_launch.js";

await launch("baton-main.ts", "codefresh");
