/** A summary of a V8 CPU profile (`.cpuprofile`): where the server's main thread spent its time. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time by area: idle, GC, a package of node_modules, qualirec's own code, Node core. */
  byArea: { area: string; ms: number; share: number }[];
  /** Self time of qualirec's own code, by file. */
  bySourceFile: { file: string; ms: number; share: number }[];
  /** Functions with the most self time. */
  top: { fn: string; where: string; ms: number; share: number }[];
}

function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === '(idle)') return 'idle (waiting for I/O)';
    if (fn === '(garbage collector)') return 'garbage collector';
    if (fn === '(program)') return 'V8/native (program)';
    return `native ${fn}`;
  }
  if (url.startsWith('node:')) return 'node core';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1];
  if (url.includes('/dist/src/')) return 'qualirec src';
  if (url.includes('/dist/bench/')) return 'bench';
  return url;
}

export function summarise(profile: CpuProfile, topN = 15): ProfileSummary {
  const self = new Map<number, number>();
  profile.samples.forEach((node, i) => self.set(node, (self.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);
  const areas = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; ms: number }>();
  const files = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id);
    if (!ms) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    if (area === 'qualirec src') {
      const file = url.replace(/^.*\/dist\/src\//, 'src/').replace(/\.js$/, '.ts');
      files.set(file, (files.get(file) ?? 0) + ms);
    }
    const where = url ? `${url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const entry = fns.get(key) ?? { fn: functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  return {
    totalMs,
    byArea: [...areas].map(([area, ms]) => ({ area, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms),
    bySourceFile: [...files].map(([file, ms]) => ({ file, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms),
    top: [...fns.values()]
      .map((f) => ({ ...f, share: f.ms / totalMs }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, topN),
  };
}
