export { writePageToken, readPageToken, type PagePosition } from "./token.ts";
export { REPAGE_HINT, pageMisfitError, repeatedPageError } from "./guards.ts";
export {
  cursorPage,
  LIST_SLICE,
  pageOfList,
  pageOfParts,
  readWholeListing,
  skipLimitPage,
  type CursorListing,
  type ListingPart,
  type ListSliceOptions,
  type SkipLimitListing,
} from "./pagers.ts";
export { numberedPage, type NumberedListing, type NumberedPageAnswer } from "./numbered.ts";
export { ListingCache, type ListingCacheOptions, type ListingCachePage } from "./listing-cache.ts";
export { Once } from "./once.ts";
