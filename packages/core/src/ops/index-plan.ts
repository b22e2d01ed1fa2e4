/**
 * The plan of a deterministic index_add, built on the host when the indices are host data (the
 * augmentation gather tables are): the same layout index-add-plan.wgsl writes, a stable counting sort
 * of the k sources by destination row,
 *   plan[r]              = number of j with idx[j] < r, for r in 0..=rows,
 *   plan[rows + 1 + pos] = j, the in-range sources ordered by (idx[j], j).
 * O(k + rows) here against O(k * (rows + k)) for the GPU kernel, which has no cheap global sort.
 */
export function hostIndexAddPlan(idx: ArrayLike<number>, rows: number): Uint32Array {
  const k = idx.length;
  const plan = new Uint32Array(rows + 1 + k);
  for (let j = 0; j < k; j++) {
    const r = idx[j];
    if (r >= 0 && r < rows) plan[r + 1]++;
  }
  for (let r = 0; r < rows; r++) plan[r + 1] += plan[r];
  const next = plan.slice(0, rows);
  for (let j = 0; j < k; j++) {
    const r = idx[j];
    if (r >= 0 && r < rows) plan[rows + 1 + next[r]++] = j;
  }
  return plan;
}
