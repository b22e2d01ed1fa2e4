import { type GemmTile, grid1d } from '@pad-gpu/kernels';

/** A register tile with its measured throughput relative to the best tile of the same adapter kind. */
export interface RatedTile extends GemmTile {
  readonly efficiency: number;
}

export interface GemmTuning {
  /** Candidate tiles, best first. */
  readonly tiles: readonly RatedTile[];
  /** Workgroups wanted for full occupancy; fewer scale the estimate down proportionally. */
  readonly minWorkgroups: number;
}

/**
 * Presets by adapter kind. On llvmpipe (CPU) loads are per-lane scalar loops and FMAs are 8 lanes wide,
 * so big register tiles win (1024^3 matmul, GFLOP per CPU-second x 2 cores: 32x32 41, 32x16 34,
 * 16x16 25, 8x8 17, 4x4 9); one invocation group of 8 lanes per workgroup gives the scheduler's two
 * threads fine-grained work. Real GPUs would spill such tiles out of registers: small tiles, 64 lanes.
 */
export const GEMM_TUNING: { cpuAdapter: GemmTuning; gpuAdapter: GemmTuning } = {
  cpuAdapter: {
    tiles: [
      { tm: 32, tn: 32, wg: 8, efficiency: 1 },
      { tm: 32, tn: 16, wg: 8, efficiency: 0.83 },
      { tm: 16, tn: 16, wg: 8, efficiency: 0.6 },
      { tm: 8, tn: 8, wg: 8, efficiency: 0.42 },
      { tm: 4, tn: 4, wg: 8, efficiency: 0.22 },
    ],
    minWorkgroups: 8,
  },
  gpuAdapter: {
    tiles: [
      { tm: 8, tn: 8, wg: 64, efficiency: 1 },
      { tm: 4, tn: 4, wg: 64, efficiency: 0.6 },
    ],
    minWorkgroups: 64,
  },
};

/**
 * The tile with the least estimated time for an m x n output (times `layers` grid layers: batch or
 * split-K): padded work over efficiency, divided by occupancy when there are too few workgroups. This
 * keeps 32x32 for big products and picks small tiles for m = 10 classifiers or batch-1 shapes.
 */
export function chooseTile(t: GemmTuning, m: number, n: number, layers = 1): RatedTile {
  let best = t.tiles[0];
  let bestCost = Infinity;
  for (const tile of t.tiles) {
    const tilesM = Math.ceil(m / tile.tm);
    const tilesN = Math.ceil(n / tile.tn);
    const workgroups = Math.ceil((tilesM * tilesN * layers) / tile.wg);
    const occupancy = Math.min(1, workgroups / t.minWorkgroups);
    const cost = (tilesM * tile.tm * tilesN * tile.tn) / (tile.efficiency * occupancy);
    if (cost < bestCost * 0.999) {
      best = tile;
      bestCost = cost;
    }
  }
  return best;
}

/** Workgroups for one invocation per (layer, tile) pair, `wg` invocations each (grid1d spills into y). */
export function gemmGrid(tiles: number, wg: number, layers: number): [number, number, number] {
  return grid1d(Math.ceil((tiles * layers) / wg));
}
