import { constants, deflateRawSync, deflateSync } from 'node:zlib';

/** Turns one gateway payload's JSON into the frame a connection sends. */
export interface GatewayEncoder {
  encode(json: string): string | Buffer;
}

/** `encoding=json` without compression: text frames. */
export const plainJson: GatewayEncoder = { encode: (json) => json };

/**
 * `compress=zlib-stream`: one zlib stream for the whole connection, each
 * payload ending in a sync flush (`00 00 ff ff`) as Discord sends it. Every
 * payload after the first is compressed as fresh raw deflate blocks, which a
 * streaming inflater reads as the continuation of the same stream.
 */
export class ZlibStreamEncoder implements GatewayEncoder {
  #started = false;

  encode(json: string): Buffer {
    const options = { finishFlush: constants.Z_SYNC_FLUSH };
    const frame = this.#started ? deflateRawSync(json, options) : deflateSync(json, options);
    this.#started = true;
    return frame;
  }
}

/** IDENTIFY's `compress: true`: each dispatch a complete zlib message of its own. */
export function compressPayload(json: string): Buffer {
  return deflateSync(json);
}
