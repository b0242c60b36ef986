// Public surface of the image readers: images (docker save, OCI layout, registry-v2 directories)
// → one changeset per layer, streamed, never extracted. docs/images.md has the rules.
export type {ImageHandle, ImageOptions} from './image.js';
export {layerName, layerSource, openImage, readImage} from './image.js';
export type {HistoryEntry, ImageFormat, ImageLayout, LayerRef} from './layout.js';
export {blobCandidates, choosePlatform, readLayout} from './layout.js';
export type {FileRegion, LayerChanges, LayerEvent, LayerInput, LayerNames, LayerScan} from './layer.js';
export {normaliseMemberName, readLayerChanges, scanLayer} from './layer.js';
export type {TarEntry, TarEntryType, TarLimits, TarMember} from './tar.js';
export {looksLikeTarHeader, readTar} from './tar.js';
export type {Compression} from './compression.js';
export {decompress, detectCompression, MAX_ZSTD_WINDOW, openMaybeCompressed} from './compression.js';
export {ChunkSource, FileSource, type ByteSource} from './bytes.js';
export {openContainer, type Container} from './container.js';
export {labelsFromCreatedBy} from './history.js';
export {isImageInput} from './sniff.js';
export {OverlayTree} from './squash.js';
export {imageFlags, imageOptionsFromFlags} from './flags.js';
