/**
 * The one error type of the loaders and file formats. Every message starts with the file it is about,
 * so a user with a bad download sees which file to replace and what is wrong with it.
 */
export type DataErrorKind =
  | 'missing' // the file or folder does not exist or cannot be read
  | 'format' // wrong magic, malformed header, unparsable text or image
  | 'truncated' // fewer bytes than the header promises (or trailing garbage)
  | 'range' // a label or index outside its valid range
  | 'mismatch'; // sizes or counts that disagree (image size, image/label counts)

export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(readonly file: string, readonly kind: DataErrorKind, detail: string) {
    super(`${file}: ${detail}`);
  }
}

/** Runs `fn`, turning any non-DataError failure (a decoder's own exception) into a DataError for `file`. */
export function withFile<T>(file: string, kind: DataErrorKind, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(file, kind, `${what}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
