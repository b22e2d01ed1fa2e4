/**
 * Fashion-MNIST for the page, read by the core's browser-safe loaders: from the serving command's
 * /data/ folder (fetch) or from the files the user picked (memory).
 */
import { balancedSubset, fetchSource, memorySource, readFashionMnist, subsetDataset, type DataSource, type ImageDataset } from '@pad-gpu/core';

const NAMES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/**
 * The served folder, or null when the command has none. The server's listing is asked first, so a
 * missing file never shows up as a failed request (a console error) in the page.
 */
export async function servedSource(base = 'data/'): Promise<DataSource | null> {
  const listing = (await (await fetch(`${base}index.json`)).json()) as { files: string[] };
  return NAMES.every((n) => listing.files.includes(`${n}.gz`)) ? fetchSource(new URL(base, location.href).href) : null;
}

/** Picked files by their names (.gz or not; folders are ignored). */
export async function pickedSource(files: FileList | File[]): Promise<DataSource> {
  const byName: Record<string, Uint8Array> = {};
  for (const f of Array.from(files)) byName[f.name] = new Uint8Array(await f.arrayBuffer());
  const missing = NAMES.filter((n) => !byName[n] && !byName[`${n}.gz`]);
  if (missing.length) throw new Error(`missing files: ${missing.join(', ')} (pick all four IDX files)`);
  return memorySource(byName, 'picked files');
}

/** A class-balanced training subset (`trainPerClass` per class) and the first `testCount` test images. */
export async function loadSets(source: DataSource, trainPerClass: number, testCount: number, seed: number): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const [fullTrain, fullTest] = await Promise.all([readFashionMnist(source, { split: 'train' }), readFashionMnist(source, { split: 'test' })]);
  const train = balancedSubset(fullTrain, { perClass: trainPerClass }, seed).dataset;
  const n = Math.min(testCount, fullTest.n);
  const test = subsetDataset(fullTest, Int32Array.from({ length: n }, (_, i) => i), `${fullTest.name}[:${n}]`);
  return { train, test };
}
