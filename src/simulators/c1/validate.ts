/**
 * @module
 * The request rules a ConductorOne server presumably enforces: the protoc-gen-validate annotations
 * of baton-sdk v0.25.0's protos (`proto/c1/connectorapi/baton/v1/baton.proto:234-392`,
 * `proto/c1/connector/v2/connector.proto:32-55`; the copies in this repository carry no
 * annotations), plus what baton-sdk says C1 needs beyond them — all eight OS fields filled
 * (`pkg/tasks/c1api/hello.go:41`) and a sync capability for a connector that is asked to sync.
 * A broken rule is answered `InvalidArgument`, as PGV's generated `Validate()` does server-side.
 *
 * Each check returns the problems it found, so one request can report several.
 */
import type { BatonServiceHelloRequest } from "../../core/model/gen/c1/connectorapi/baton/v1/baton_pb.js";
import { Capability } from "../../core/model/gen/c1/connector/v2/connector_pb.js";
import { TASK_ID_PATTERN } from "./tasks.ts";

/** PGV `min_len`/`max_len` count characters (code points), `*_bytes` count UTF-8 bytes. */
export function characters(text: string): number {
  return [...text].length;
}

/** `host_id` is 1..256 characters in every request that has one. */
export function hostIdProblems(where: string, hostId: string): string[] {
  const length = characters(hostId);
  return length >= 1 && length <= 256 ? [] : [`${where}: host_id is ${length} characters, not 1..256`];
}

export function taskIdProblems(where: string, taskId: string): string[] {
  return TASK_ID_PATTERN.test(taskId)
    ? []
    : [`${where}: task_id ${JSON.stringify(taskId)} is not 27 letters and digits`];
}

/** `repeated Any annotations [(validate.rules).repeated = {max_items: 16}]`. */
export function annotationProblems(where: string, annotations: readonly unknown[]): string[] {
  return annotations.length <= 16 ? [] : [`${where}: ${annotations.length} annotations, more than 16`];
}

const OS_FIELDS = [
  "hostname",
  "os",
  "platform",
  "platformVersion",
  "platformFamily",
  "kernelVersion",
  "kernelArch",
  "virtualizationSystem",
] as const;
const BUILD_FIELDS = ["langVersion", "package", "packageVersion"] as const;

/** Everything wrong with a Hello's body, apart from the host and task ids that need the fake's state. */
export function helloProblems(request: BatonServiceHelloRequest): string[] {
  const problems = [...hostIdProblems("Hello", request.hostId), ...annotationProblems("Hello", request.annotations)];
  const os = request.osInfo;
  if (!os) problems.push("Hello: os_info is missing");
  else {
    for (const field of OS_FIELDS) {
      const length = characters(os[field]);
      if (length === 0)
        problems.push(`Hello: os_info.${field} is empty; baton-sdk fills every OS field because C1 needs them`);
      if (length > 256) problems.push(`Hello: os_info.${field} is ${length} characters, more than 256`);
    }
  }
  const build = request.buildInfo;
  if (!build) problems.push("Hello: build_info is missing");
  else {
    for (const field of BUILD_FIELDS)
      if (characters(build[field]) > 256) problems.push(`Hello: build_info.${field} is more than 256 characters`);
  }
  const metadata = request.connectorMetadata;
  if (!metadata) return [...problems, "Hello: connector_metadata is required"];
  const nameBytes = Buffer.byteLength(metadata.displayName, "utf8");
  if (nameBytes < 1 || nameBytes > 1024)
    problems.push(`Hello: connector_metadata.display_name is ${nameBytes} bytes, not 1..1024`);
  if (Buffer.byteLength(metadata.description, "utf8") > 4096)
    problems.push("Hello: connector_metadata.description is more than 4096 bytes");
  // PGV also says help_url is 1..1024 bytes, but Go connectors commonly leave it empty and still
  // register, so only a URL that is set is checked.
  if (metadata.helpUrl !== "" && !metadata.helpUrl.startsWith("https://"))
    problems.push(`Hello: connector_metadata.help_url ${JSON.stringify(metadata.helpUrl)} is not an https:// URL`);
  const capabilities = metadata.capabilities;
  if (!capabilities) return [...problems, "Hello: connector_metadata.capabilities is missing"];
  if (!capabilities.connectorCapabilities.includes(Capability.SYNC))
    problems.push("Hello: connector_capabilities lacks CAPABILITY_SYNC");
  if (capabilities.resourceTypeCapabilities.length === 0)
    problems.push("Hello: no resource_type_capabilities; a syncing connector lists one per resource type");
  const seen = new Set<string>();
  for (const [index, entry] of capabilities.resourceTypeCapabilities.entries()) {
    const id = entry.resourceType?.id ?? "";
    if (id === "") problems.push(`Hello: resource_type_capabilities[${index}] names no resource type`);
    else if (seen.has(id)) problems.push(`Hello: resource type ${id} has two resource_type_capabilities`);
    seen.add(id);
    if (!entry.capabilities.includes(Capability.SYNC))
      problems.push(`Hello: resource type ${id || index} lacks CAPABILITY_SYNC`);
  }
  return problems;
}
