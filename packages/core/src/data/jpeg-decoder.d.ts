// jpeg-js's decoder module on its own (its index also pulls in the encoder, which pages do not need).
declare module 'jpeg-js/lib/decoder.js' {
  export default function decode(
    jpegData: Uint8Array,
    opts: { useTArray: true; formatAsRGBA?: boolean; colorTransform?: boolean; tolerantDecoding?: boolean; maxResolutionInMP?: number; maxMemoryUsageInMB?: number },
  ): { width: number; height: number; data: Uint8Array };
}
