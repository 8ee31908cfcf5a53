#pragma once

#include <cstddef>
#include <cstdint>

/// Every length or count read from an input is checked against one of these named limits.
namespace jikji::limits {

/// Bytes of one input file that a converter accepts.
inline constexpr std::uint64_t kMaxInputBytes = 512ull << 20;
/// Uncompressed bytes of one zip entry or one OLE stream.
inline constexpr std::uint64_t kMaxEntryBytes = 256ull << 20;
/// Uncompressed bytes of all entries of one container together.
inline constexpr std::uint64_t kMaxTotalUncompressedBytes = 1024ull << 20;
/// Zip entries up to this size are inflated in one call; larger ones stream in chunks, so that
/// memory stays flat however large an entry grows.
inline constexpr std::uint64_t kMaxWholeInflateBytes = 16ull << 20;
/// Largest ratio of uncompressed to compressed size of one zip entry (zip bombs).
inline constexpr std::uint64_t kMaxCompressionRatio = 1000;
/// Whether `uncompressed` bytes inflated from `compressed` break kMaxCompressionRatio. Small
/// parts may compress well: the ratio only counts past 1 MiB of output.
constexpr bool exceedsCompressionRatio(std::uint64_t uncompressed, std::uint64_t compressed) {
    return uncompressed > (1u << 20) && uncompressed > kMaxCompressionRatio * (compressed + 1);
}
/// Inflated bytes of the body of one HWP 3 document (its one deflate stream); the largest seen
/// in the corpus is 16 MiB.
inline constexpr std::uint64_t kMaxHwp3BodyBytes = 256ull << 20;
/// Entries of one zip or streams of one OLE file.
inline constexpr std::size_t kMaxContainerEntries = 10000;
/// Nesting depth of XML elements, tables in tables, records in records.
inline constexpr std::size_t kMaxNestingDepth = 256;
/// Element depth of one XML part (below libxml2's own 256, so ours reports first).
inline constexpr std::size_t kMaxXmlDepth = 200;
/// Objects (tables, notes, text boxes) nested inside one another in a document body.
inline constexpr std::size_t kMaxObjectNesting = 8;
/// Bytes of one text node or one record payload.
inline constexpr std::size_t kMaxRecordBytes = 64u << 20;
/// Sections of one document.
inline constexpr std::size_t kMaxSections = 4096;
/// Rows or columns of one table.
inline constexpr std::size_t kMaxTableCells = 1u << 20;
/// Tracked changes, and their authors, one document's header may declare (HWP 5 DocInfo
/// TRACK_CHANGE / TRACK_CHANGE_AUTHOR records, HWPX header.xml); further ones go unread.
inline constexpr std::size_t kMaxTrackChanges = 65536;
/// UTF-16 code units of one tracked change's author name (HWP 5 TRACK_CHANGE_AUTHOR).
inline constexpr std::size_t kMaxAuthorNameUnits = 1024;
/// Paragraph numbering and bullet definitions one document's header may declare (HWP 5 DocInfo
/// NUMBERING / BULLET records, which paragraph shapes name by a 16-bit id); further ones go
/// unread. And UTF-16 code units of one numbering level's head format (`^1.`, `제^1장`).
inline constexpr std::size_t kMaxParagraphHeadDefinitions = 65535;
inline constexpr std::size_t kMaxParagraphHeadFormatUnits = 1024;
/// Warnings kept for one document; further ones are counted only.
inline constexpr std::size_t kMaxWarnings = 200;
/// Properties of one OLE property set (HWP summary information).
inline constexpr std::size_t kMaxSummaryProperties = 1024;
/// Bytes of the plain text of one document.
inline constexpr std::size_t kMaxTextBytes = 256u << 20;
/// Bytes of one portal page handed to the page extractor (already decoded to UTF-8). The parsed
/// tree and the body built from it take 20–50 times the page's bytes.
inline constexpr std::size_t kMaxPageBytes = 8u << 20;
/// Nodes one extraction rule may select on one page (field values, links).
inline constexpr std::size_t kMaxRuleMatches = 10000;

/// Bytes of one small XML part read whole (content.hpf, header.xml, manifest.xml).
inline constexpr std::uint64_t kMaxPackagePartBytes = 64ull << 20;
/// Bytes of one metadata value (title, creator, …); longer values are cut.
inline constexpr std::size_t kMaxMetadataValueBytes = 64u << 10;
/// Internal DTD entities one XML document may declare (HWPML's `&nbsp;`), and the bytes of
/// one entity's value: an entity is plain text, so expansion grows the text at most by this
/// factor per reference.
inline constexpr std::size_t kMaxEntities = 256;
inline constexpr std::size_t kMaxEntityValueBytes = 1024;
/// Bytes an XML byte filter may hold back while it looks for the end of a start tag.
inline constexpr std::size_t kMaxFilterLookahead = 64u << 10;
/// PBKDF2 iteration count accepted from an encrypted package's manifest.
inline constexpr std::uint32_t kMaxKeyDerivationIterations = 1u << 20;
/// Bytes of a page searched for a `<meta>` charset (the WHATWG prescan reads 1024).
inline constexpr std::size_t kMaxCharsetPrescanBytes = 1024;
/// Bytes of a page given to ICU's charset detector.
inline constexpr std::size_t kMaxCharsetDetectBytes = 64u << 10;
/// Bytes of one file name (a Content-Disposition header, a zip entry name) that are decoded.
inline constexpr std::size_t kMaxFileNameBytes = 4096;

/// Pages of one PDF that are read; the rest are counted only (status `partial`).
inline constexpr std::size_t kMaxPdfPages = 10000;
/// Bytes that the Flate streams of one PDF may inflate to, all together (decompression bombs).
inline constexpr std::uint64_t kMaxPdfDecompressedBytes = 512ull << 20;
/// Milliseconds one PDF page may take to read; the pages after a slower one are skipped.
inline constexpr std::uint64_t kMaxPdfPageMillis = 10000;
/// Words of one PDF page that are kept.
inline constexpr std::size_t kMaxPdfWordsPerPage = 200000;
/// Ruling lines (stroked segments, thin filled rectangles) of one PDF page kept for finding
/// tables; the page's text is read in full beyond it.
inline constexpr std::size_t kMaxPdfRulesPerPage = 20000;

/// Bytes of a sources config file.
inline constexpr std::uint64_t kMaxConfigBytes = 4u << 20;
/// Bytes of a capture sidecar (`<digest>.json`).
inline constexpr std::uint64_t kMaxSidecarBytes = 16u << 20;
/// Bytes of robots.txt that are read (RFC 9309 asks for at least 500 KiB).
inline constexpr std::size_t kMaxRobotsBytes = 512u << 10;
/// Allow/Disallow rules kept from one robots.txt.
inline constexpr std::size_t kMaxRobotsRules = 10000;
/// Links one XPath rule may yield on one page.
inline constexpr std::size_t kMaxLinksPerRule = 10000;
/// Bytes of one attribute or text value a link template's pattern is searched in (an onclick
/// handler is short; a longer value is skipped rather than searched).
inline constexpr std::size_t kMaxLinkTemplateInput = 8192;
/// Cookies one source keeps during a run, and bytes of one cookie (name and value).
inline constexpr std::size_t kMaxCookiesPerSource = 256;
inline constexpr std::size_t kMaxCookieBytes = 4096;
/// Seconds of Retry-After honoured at most, whatever a source configures.
inline constexpr std::uint32_t kMaxRetryAfterSeconds = 86400;

}  // namespace jikji::limits
