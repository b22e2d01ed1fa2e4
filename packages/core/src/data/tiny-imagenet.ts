/**
 * Tiny ImageNet (tiny-imagenet-200): 200 classes of 64x64 RGB JPEGs.
 *   wnids.txt                      one class id (wnid) per line
 *   words.txt                      optional, "wnid<TAB>names" (class names)
 *   train/<wnid>/images/*.JPEG     500 per class
 *   val/val_annotations.txt        "file<TAB>wnid<TAB>bbox…", with the images in val/images/
 *   (or val/images/<wnid>/*.JPEG, the re-sorted layout the reference's ImageFolder reads)
 * The class index is the wnid's position in sorted order, as torchvision's ImageFolder assigns it in the
 * reference; images of a class are taken in sorted file-name order. The 'test' split is val/.
 */
import { makeDataset, type ImageDataset } from './dataset.js';
import type { SplitOptions } from './digits.js';
import { DataError } from './errors.js';
import { decodeJpegInto } from './jpeg.js';
import { readText, type DataSource } from './source.js';

export interface TinyImageNetOptions extends SplitOptions {
  /** Load only the first k images of each class (quick experiments, tests). */
  perClass?: number;
}

const SIZE = 64;
const IMAGE = 3 * SIZE * SIZE;

export async function readTinyImageNet(source: DataSource, opts: TinyImageNetOptions = {}): Promise<ImageDataset> {
  const split = opts.split ?? 'train';
  const list = source.list?.bind(source);
  if (!list) throw new DataError(source.locate(''), 'missing', 'Tiny ImageNet needs a source that can list folders');
  const root = (await source.exists('wnids.txt')) ? '' : (await source.exists('tiny-imagenet-200/wnids.txt')) ? 'tiny-imagenet-200/' : null;
  if (root === null) throw new DataError(source.locate('wnids.txt'), 'missing', 'no such file (nor tiny-imagenet-200/wnids.txt)');
  const wnids = parseWnids(await readText(source, `${root}wnids.txt`), source.locate(`${root}wnids.txt`));
  const classOf = new Map(wnids.map((w, i) => [w, i]));
  const items = split === 'train'
    ? await classFolders(source, list, `${root}train`, wnids, '/images')
    : await valItems(source, list, `${root}val`, classOf);
  const chosen = limitPerClass(items, opts.perClass);
  const images = new Float32Array(chosen.length * IMAGE);
  const batch = 64;
  for (let b = 0; b < chosen.length; b += batch) {
    const part = chosen.slice(b, b + batch);
    const bytes = await Promise.all(part.map((it) => source.read(it.path)));
    part.forEach((it, k) => decodeJpegInto(bytes[k], source.locate(it.path), SIZE, SIZE, images, (b + k) * IMAGE));
  }
  const classNames = await readWords(source, `${root}words.txt`, wnids);
  return makeDataset({
    name: `tiny-imagenet/${split}`, images, labels: Int32Array.from(chosen, (it) => it.label), n: chosen.length,
    channels: 3, height: SIZE, width: SIZE, numClasses: wnids.length, classNames,
  }, source.locate(root || '.'));
}

interface Item { path: string; label: number }

export function parseWnids(text: string, file: string): string[] {
  const ids = text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new DataError(file, 'format', 'lists no class ids');
  const seen = new Set<string>();
  for (const id of ids) {
    if (/[\s/\\]/.test(id)) throw new DataError(file, 'format', `"${id}" is not a class id`);
    if (seen.has(id)) throw new DataError(file, 'format', `class id ${id} is listed twice`);
    seen.add(id);
  }
  return ids.sort();
}

const isJpeg = (name: string) => /\.jpe?g$/i.test(name);

/** Items of `dir/<wnid><sub>/*.JPEG` for every class; an unknown class folder is an error, not skipped. */
async function classFolders(source: DataSource, list: (d: string) => Promise<string[]>, dir: string, wnids: string[], sub: string): Promise<Item[]> {
  const known = new Set(wnids);
  const extra = (await list(dir)).filter((name) => !known.has(name) && !name.includes('.'));
  if (extra.length > 0) throw new DataError(source.locate(dir), 'mismatch', `class folder ${extra[0]} is not listed in wnids.txt`);
  const items: Item[] = [];
  for (let label = 0; label < wnids.length; label++) {
    const folder = `${dir}/${wnids[label]}${sub}`;
    const names = (await list(folder)).filter(isJpeg);
    if (names.length === 0) throw new DataError(source.locate(folder), 'missing', 'no JPEG images for this class');
    for (const name of names) items.push({ path: `${folder}/${name}`, label });
  }
  return items;
}

async function valItems(source: DataSource, list: (d: string) => Promise<string[]>, dir: string, classOf: Map<string, number>): Promise<Item[]> {
  const ann = `${dir}/val_annotations.txt`;
  if (!(await source.exists(ann))) return classFolders(source, list, `${dir}/images`, [...classOf.keys()], '');
  const items: Item[] = [];
  (await readText(source, ann)).split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    const [file, wnid] = line.split('\t');
    if (!file || !wnid) throw new DataError(source.locate(ann), 'format', `line ${i + 1} is not "file<TAB>wnid<TAB>…"`);
    const label = classOf.get(wnid.trim());
    if (label === undefined) throw new DataError(source.locate(ann), 'range', `line ${i + 1}: class ${wnid} is not listed in wnids.txt`);
    items.push({ path: `${dir}/images/${file.trim()}`, label });
  });
  if (items.length === 0) throw new DataError(source.locate(ann), 'format', 'lists no images');
  return items;
}

function limitPerClass(items: Item[], perClass: number | undefined): Item[] {
  if (perClass === undefined) return items;
  const taken = new Map<number, number>();
  return items.filter((it) => {
    const k = taken.get(it.label) ?? 0;
    taken.set(it.label, k + 1);
    return k < perClass;
  });
}

/** Class names from words.txt (first synonym), falling back to the wnid itself. */
async function readWords(source: DataSource, path: string, wnids: string[]): Promise<string[]> {
  const words = new Map<string, string>();
  if (await source.exists(path)) {
    for (const line of (await readText(source, path)).split(/\r?\n/)) {
      const [id, names] = line.split('\t');
      if (id && names) words.set(id.trim(), names.split(',')[0].trim());
    }
  }
  return wnids.map((w) => words.get(w) ?? w);
}
