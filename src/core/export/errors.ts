/** Bad export input (missing/mismatched weights, unsupported layers, …); the message names the problem. */
export class ExportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportInputError';
  }
}
