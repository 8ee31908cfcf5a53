#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pipeline/document_sink.h"

/// Page layout of PDF text, without poppler: words with boxes and fonts in, blocks out.
namespace jikji::converters::pdf {

/// One word as the text layer gives it, in poppler's reading order; points, y grows downwards.
struct Word {
    std::string text;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double fontSize = 0;
    bool bold = false;
    bool spaceAfter = false;
    /// Drawn with an equation font (Hancom's HyhwpEQ): kept out of the text, as an equation.
    bool equation = false;
    /// 0 upright; 1–3 quarter turns (vertical text).
    int rotation = 0;
    /// The word's place in poppler's reading order on its page.
    std::uint32_t order = 0;
    /// Part of a running head or footer: kept out of tables.
    bool running = false;
};

/// A ruling line drawn on a page (a stroked segment or a thin filled rectangle): horizontal
/// at y = `at` from x = `from` to `to`, or vertical at x = `at`.
struct Rule {
    bool horizontal = true;
    double at = 0, from = 0, to = 0;
};

/// A rectangle that a page clips its drawing to (word processors clip each table cell to its
/// box, borders drawn or not).
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

struct PageText {
    std::uint32_t number = 0;
    double width = 0, height = 0;
    std::vector<Word> words;
    std::vector<Rule> rules;
    std::vector<Box> clips;
};

/// One line of text: words on one baseline, left to right.
struct Line {
    std::string text;
    /// The line's equation words, joined by spaces.
    std::string equation;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double fontSize = 0;
    bool bold = false;
    int rotation = 0;
    /// The gaps between the line's words in ems, summed, and how many there are: justified
    /// lines of a word-wrapped paragraph have wide ones.
    double spaceEms = 0;
    int spaces = 0;
    /// The reading-order places of the line's first and last words.
    std::uint32_t order = 0, lastOrder = 0;
    /// Note marks set as superscripts after a word (`1)`, `*`): the line refers to footnotes.
    std::vector<std::string> noteMarks;
};

/// Words into lines, in the order the words come.
std::vector<Line> buildLines(const std::vector<Word>& words);

/// What a line is on its page.
enum class LineRole { Body, Header, Footer, Note };

/// Marks the lines that repeat at the top or bottom of pages (running heads, page numbers).
/// `pages[i]` are the lines of page i; the result has the same shape.
std::vector<std::vector<LineRole>> findRunningLines(const std::vector<PageText>& pages,
                                                    const std::vector<std::vector<Line>>& lines);

/// The list level that a Korean outline marker at the start of `text` gives (□ 1, ○ 2, - 3,
/// ※ 4, …), or -1 when the text does not start with a marker.
int listLevelOf(const std::string& text);

/// The lines at the foot of a page that are its footnotes: from the first line that starts
/// with a note mark set as a superscript in the page's body (`1)` … `1) 범교과 학습은…`), when
/// it and every body line after it are smaller than the page's body text. Marks them `Note`.
void findFootnotes(const std::vector<Line>& lines, std::vector<LineRole>& roles);

/// Whether `text` is a note mark: `1`–`999`, optionally with `)`, or `*`, `**`, `†`, `‡`.
bool isNoteMark(const std::string& text);

/// Joins the text of a line to the paragraph so far: a Latin word hyphenated across lines is
/// rejoined; Hangul is joined without a space when `brokenInWord` (the previous line filled
/// its column with spaces of natural width, as a paragraph that wraps by character does).
void appendLine(std::string& paragraph, const std::string& line, bool brokenInWord);

/// Lays out every page and emits it to the sink: the tables that rules draw (a table that
/// runs on at the top of the next page, with the same columns, joined to it), running lines
/// as headers and footers, the rest as paragraphs, headings (font size or weight above the
/// body's) and list items, tables where they stand in the reading order. The pages' words
/// and rules are consumed.
void emitPages(std::vector<PageText>& pages, DocumentSink& sink);

}  // namespace jikji::converters::pdf
