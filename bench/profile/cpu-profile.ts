import type { Locate } from './source-locator.js';

/** The parts of a V8 `.cpuprofile` (written by `node --cpu-prof`) that the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
    children?: number[];
  }[];
  startTime: number;
  endTime: number;
  /** Absent when nothing was sampled. */
  samples?: number[] | undefined;
}

export interface TimeShare {
  name: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  durationMs: number;
  /** Self time by area: each SDK source file, each package, Node internals, GC, idle. */
  byArea: TimeShare[];
  /** Self time by function (SDK and dependencies alike). */
  byFunction: TimeShare[];
  /**
   * Time charged to the innermost SDK function on the stack: zod, undici and Node work done on
   * behalf of an SDK function counts as that function's. Samples with no SDK frame are left out.
   */
  bySdkCaller: TimeShare[];
  /** Share of all samples with an SDK frame on the stack. */
  sdkPercent: number;
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** `undici`, `node internals`, `(garbage collector)`, or the script's path. */
function packageArea(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/reservekit-bench/scripts/')) return 'bench script';
  const nodeModules = url.lastIndexOf('/node_modules/');
  if (nodeModules === -1) return url;
  const parts = url.slice(nodeModules + '/node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? url);
}

function shares(
  totals: Map<string, number>,
  msPerSample: number,
  allSamples: number,
  limit: number,
): TimeShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, samples]) => ({ name, ms: samples * msPerSample, percent: (samples / allSamples) * 100 }));
}

function add(map: Map<string, number>, key: string, count: number): void {
  map.set(key, (map.get(key) ?? 0) + count);
}

/** Reads a profile into self-time tables; `locate` names SDK frames by their src/ file and line. */
export function summarizeProfile(profile: CpuProfile, locate: Locate, limit = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const sdkName = (frame: Frame): string | undefined => {
    const place = locate(frame.url, frame.lineNumber, frame.columnNumber);
    if (place === undefined) return undefined;
    if (place.file.startsWith('dist/'))
      return `${frame.functionName || '(module top level)'} — ${place.file}`;
    return `${frame.functionName || '(anonymous)'} — ${place.file}:${place.line}`;
  };

  const hits = new Map<number, number>();
  const samples = profile.samples ?? [];
  for (const id of samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const allSamples = Math.max(samples.length, 1);
  const durationMs = (profile.endTime - profile.startTime) / 1000;
  const msPerSample = durationMs / allSamples;

  const byArea = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const bySdkCaller = new Map<string, number>();
  let sdkSamples = 0;
  for (const [id, count] of hits) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    const place = locate(frame.url, frame.lineNumber, frame.columnNumber);
    const area = place?.file ?? packageArea(frame.url, frame.functionName);
    add(byArea, area, count);
    const where = place
      ? `${place.file}:${place.line}`
      : frame.url
        ? `${area}:${frame.lineNumber + 1}`
        : area;
    add(byFunction, `${frame.functionName || '(anonymous)'} — ${where}`, count);
    for (let cursor: number | undefined = id; cursor !== undefined; cursor = parentOf.get(cursor)) {
      const outer = byId.get(cursor)?.callFrame;
      const name = outer && sdkName(outer);
      if (name !== undefined) {
        add(bySdkCaller, name, count);
        sdkSamples += count;
        break;
      }
    }
  }
  return {
    durationMs,
    byArea: shares(byArea, msPerSample, allSamples, limit),
    byFunction: shares(byFunction, msPerSample, allSamples, limit),
    bySdkCaller: shares(bySdkCaller, msPerSample, allSamples, limit),
    sdkPercent: (sdkSamples / allSamples) * 100,
  };
}
