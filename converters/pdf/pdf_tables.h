#pragma once

#include <cstdint>
#include <vector>

#include "converters/pdf/pdf_layout.h"

/// Tables from the ruling lines of a page, without poppler.
namespace jikji::converters::pdf {

struct GridTable;

/// One table cell: its place in the grid and the text drawn inside it, in reading order.
struct GridCell {
    std::uint32_t row = 0, col = 0, rowSpan = 1, colSpan = 1;
    /// The cell's words while the table is built; `findTables` hands out lines only.
    std::vector<Word> words;
    std::vector<Line> lines;
    /// Tables drawn inside the cell, apart from its own rules.
    std::vector<GridTable> tables;
};

/// A table that rules draw: the grid's column and row edges and its cells, row by row.
struct GridTable {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    std::vector<double> xs, ys;
    std::vector<GridCell> cells;
    /// The reading-order place of the table: the order of its first word (or of the first
    /// word after it when it holds none).
    std::uint32_t order = 0;

    std::uint32_t rows() const {
        return ys.size() > 1 ? static_cast<std::uint32_t>(ys.size() - 1) : 0;
    }
    std::uint32_t cols() const {
        return xs.size() > 1 ? static_cast<std::uint32_t>(xs.size() - 1) : 0;
    }
};

/// Finds the tables that the page's rules draw (connected horizontal and vertical rules: a
/// grid whose missing interior rule segments make spanning cells; rows and columns without a
/// rule where the cells' text shows them) and moves the words inside them out of
/// `page.words` into their cells, as lines. Words marked `running` stay on the page.
std::vector<GridTable> findTables(PageText& page);

/// Appends the rows of `next` (the table that continues `table` on the next page, with the
/// same column edges) to `table`: without the head rows that `next` repeats, and with its
/// first row joined to the last one of `table` where that row was broken by the page.
void appendRows(GridTable& table, GridTable&& next);

/// Joins `other` into `table` where both stand side by side with the same top and bottom (the
/// parts of one table broken by the page whose columns between them, cells spanning rows from
/// the page before, draw nothing on this page): one table on the edges of both.
bool joinSideBySide(GridTable& table, const GridTable& other);

/// Whether `next` can continue `table`: the same column edges, or a part of them with the
/// outer ones equal (a row splits a cell that the other table's rows do not); the table with
/// fewer edges is then set on the other's, its cells spanning the edges between theirs.
bool alignColumns(GridTable& table, GridTable& next);

}  // namespace jikji::converters::pdf
