// Reassembly of the host's multi-part answers (PROTOCOL.md, "Multi-part
// answers"). Chrome and Firefox close the port on a host message over 1 MiB,
// so the host splits a large answer into frames carrying `"part": i,
// "parts": n` (1-based), the same `id` and `type`. The arrays listed below are
// split across the parts; every other field comes with part 1 only. This
// module only rebuilds answers; matching them to requests is native.js's job.

/** Per answer type, the paths of the arrays split across parts (PROTOCOL.md's table). */
const SPLIT_ARRAYS = Object.freeze({
  classification: [['cookies'], ['charter', 'entries'], ['charter', 'warnings'], ['summary', 'undeclared'], ['summary', 'declaredNotSeen']],
  charter: [['entries'], ['warnings']],
  site_state: [['overrides'], ['charter', 'entries'], ['charter', 'warnings'], ['last', 'undeclared'], ['last', 'declaredNotSeen']],
  overrides: [['overrides']],
});

/** A part that cannot belong to a well-formed multi-part answer. */
export class PartError extends Error {
  name = 'PartError';
}

/** Collects the frames of one answer, in whatever order they arrive. */
export class PartCollector {
  #parts = new Map();
  #count = null;
  #type = null;

  /**
   * Takes one frame; returns the whole answer once it is complete, else null.
   * A frame without `part`/`parts` is a whole answer by itself.
   * @throws {PartError} when the frame contradicts the parts already seen.
   */
  add(frame) {
    if (frame.part === undefined && frame.parts === undefined) {
      if (this.#parts.size > 0) throw new PartError(`answer ${frame.id}: a single-frame answer arrived among parts`);
      return frame;
    }
    const { part, parts } = frame;
    if (!Number.isInteger(parts) || parts < 1 || !Number.isInteger(part) || part < 1 || part > parts) {
      throw new PartError(`answer ${frame.id}: invalid part ${part} of ${parts}`);
    }
    if (this.#count === null) {
      this.#count = parts;
      this.#type = frame.type;
    } else if (parts !== this.#count || frame.type !== this.#type) {
      throw new PartError(`answer ${frame.id}: part ${part} says ${parts} parts of "${frame.type}", earlier parts said ${this.#count} of "${this.#type}"`);
    }
    if (this.#parts.has(part)) throw new PartError(`answer ${frame.id}: part ${part} arrived twice`);
    this.#parts.set(part, frame);
    return this.#parts.size === this.#count ? reassemble(this.#type, this.#ordered()) : null;
  }

  #ordered() {
    return Array.from({ length: this.#count }, (_, i) => this.#parts.get(i + 1));
  }
}

/**
 * Rebuilds an answer from all its parts, given in part order: part 1's fields,
 * with each split array replaced by the concatenation of that array across parts.
 */
export function reassemble(type, parts) {
  const split = SPLIT_ARRAYS[type];
  if (!split) throw new PartError(`answer type "${type}" is not split into parts`);
  const { part: _part, parts: _parts, ...answer } = structuredClone(parts[0]);
  for (const path of split) {
    if (parts.some((frame) => parentAt(frame, path))) {
      setAt(answer, path, parts.flatMap((frame, i) => arrayAt(frame, path, i + 1)));
    }
  }
  return answer;
}

function parentAt(object, path) {
  let node = object;
  for (const key of path.slice(0, -1)) node = node?.[key];
  return node && typeof node === 'object' ? node : null;
}

function arrayAt(frame, path, partNumber) {
  const value = parentAt(frame, path)?.[path.at(-1)];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PartError(`answer ${frame.id}: part ${partNumber}: ${path.join('.')} is not an array`);
  return value;
}

function setAt(object, path, value) {
  let node = object;
  for (const key of path.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null) node[key] = {};
    node = node[key];
  }
  node[path.at(-1)] = value;
}
