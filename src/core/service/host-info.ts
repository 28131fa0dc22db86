/**
 * @module
 * Who is calling: the host id every request carries, and the OS and build facts a Hello
 * reports. Go fills these from gopsutil and fills in every empty one "because the Hello message
 * requires these fields" (baton-sdk `pkg/tasks/c1api/hello.go:32-80`); so do we, so that no
 * field is ever empty.
 */
import { readFileSync } from "node:fs";
import os from "node:os";

export interface OsInfo {
  hostname: string;
  os: string;
  platform: string;
  platformVersion: string;
  platformFamily: string;
  kernelVersion: string;
  kernelArch: string;
  virtualizationSystem: string;
}

/** At most 256 characters, as the Hello's validation rules allow. */
function bounded(text: string): string {
  return text.slice(0, 256);
}

/**
 * `BATON_HOST_ID`, else the host name, else `baton-sdk` as in Go
 * (`pkg/tasks/c1api/service_client.go:49-65`; an explicitly empty variable also falls back).
 */
export function hostId(env: Readonly<Record<string, string | undefined>>): string {
  const configured = env["BATON_HOST_ID"]?.trim();
  if (configured) return bounded(configured);
  return bounded(os.hostname() || "baton-sdk");
}

/** `/etc/os-release` as key/value pairs; empty where there is none (macOS, Windows). */
function osRelease(): Record<string, string> {
  let text: string;
  try {
    text = readFileSync("/etc/os-release", "utf8");
  } catch {
    return {};
  }
  const values: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match) values[match[1]!] = match[2]!.replace(/^["']|["']$/g, "");
  }
  return values;
}

/** Containers, as far as cheap checks tell; `none` otherwise (Go's default too). */
function virtualization(): string {
  try {
    readFileSync("/.dockerenv");
    return "docker";
  } catch {
    // not Docker
  }
  if (process.env["KUBERNETES_SERVICE_HOST"]) return "kubernetes";
  return "none";
}

export function osInfo(): OsInfo {
  const goos = process.platform === "win32" ? "windows" : process.platform;
  const release = osRelease();
  const kernelVersion = os.release() || "unknown";
  const platform = release["ID"] || (goos === "darwin" ? "darwin" : goos);
  const family = (release["ID_LIKE"] ?? "").split(/\s+/).find((word) => word !== "") ?? platform;
  return {
    hostname: bounded(os.hostname() || "unknown"),
    os: bounded(goos),
    platform: bounded(platform),
    platformVersion: bounded(release["VERSION_ID"] || kernelVersion),
    platformFamily: bounded(family),
    kernelVersion: bounded(kernelVersion),
    kernelArch: bounded(os.machine() || process.arch),
    virtualizationSystem: virtualization(),
  };
}
