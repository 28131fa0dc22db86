// Starts `baton-runlayer` the way bin/baton-runlayer.js does, but says on stdout the moment the
// launcher has loaded and before the TypeScript sources have: the window a signal used to kill.
import process from "node:process";
import { launch } from "../bin/_launch.js";

process.stdout.write("launcher loaded\n");
await launch("baton-main.ts", "runlayer");
