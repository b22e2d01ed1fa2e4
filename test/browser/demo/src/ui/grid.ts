/** Draws [n, c, h, w] pixel data (values in [0, 1], clipped) as a grid of upscaled tiles. */
export function drawGrid(canvas: HTMLCanvasElement, images: Float32Array, shape: readonly [number, number, number], cols: number, scale = 3): void {
  const [c, h, w] = shape;
  const n = images.length / (c * h * w);
  const rows = Math.ceil(n / cols);
  const gap = 2;
  canvas.width = cols * (w * scale + gap) - gap;
  canvas.height = rows * (h * scale + gap) - gap;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#223';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const tile = ctx.createImageData(w, h);
  const scratch = document.createElement('canvas');
  scratch.width = w;
  scratch.height = h;
  const sctx = scratch.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < h * w; p++) {
      // Grey for one channel, RGB for three (other channel counts show their first channel).
      for (let k = 0; k < 3; k++) {
        const ch = c === 3 ? k : 0;
        const v = images[i * c * h * w + ch * h * w + p];
        tile.data[4 * p + k] = Math.round(255 * Math.min(1, Math.max(0, v)));
      }
      tile.data[4 * p + 3] = 255;
    }
    sctx.putImageData(tile, 0, 0);
    ctx.drawImage(scratch, (i % cols) * (w * scale + gap), Math.floor(i / cols) * (h * scale + gap), w * scale, h * scale);
  }
}
