/** Pure graph edits, each `(design, args) => { design, result }`; see edit-result.ts. */
export type { EditResult, GraphEdit, Outcome } from './edit-result';
export { addBlock, type AddBlockArgs } from './add-block';
export { compactTargetIndices, deleteItems, type DeleteItemsArgs } from './delete-items';
export { connectBlocks, reconnectEdge, type ConnectArgs, type ConnectOutcome, type ReconnectArgs } from './connect-blocks';
export { moveBlocks, type MoveBlocksArgs } from './move-blocks';
export { checkBlockName, renameBlock, setParam, type RenameBlockArgs, type SetParamArgs } from './block-params';
export { copySelection, duplicateBlocks, pasteClipboard, PASTE_OFFSET, type Clipboard, type DuplicateArgs, type PasteArgs } from './clipboard';
