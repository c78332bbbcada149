import BenchCore
import Foundation

/// An aligned text table: a header row and rows of cells, columns padded to their widest cell.
struct Table {
    var headers: [String]
    var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func add(_ cells: [String]) { rows.append(cells) }

    /// The table as lines, two spaces between columns, trailing spaces trimmed.
    func render() -> String {
        let all = [headers] + rows
        // Each cell measured once: its width sets its column's and then its padding.
        let cellWidths = all.map { $0.map(\.terminalWidth) }
        let widths = headers.indices.map { column in cellWidths.map { $0.indices.contains(column) ? $0[column] : 0 }.max() ?? 0 }
        return zip(all, cellWidths).map { row, rowWidths in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: max(0, widths[column] - rowWidths[column]))
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    /// The columns the text takes in a terminal: East Asian wide and fullwidth characters
    /// (CJK, Hangul, fullwidth forms, most emoji) take two, combining marks none.
    var terminalWidth: Int {
        // Printable ASCII, what nearly every cell holds: a column a byte (no grapheme walk).
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return utf8.count }
        return reduce(0) { width, character in
            guard let scalar = character.unicodeScalars.first else { return width }
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0x303E).contains(value) || (0x3041...0x33FF).contains(value)
                || (0x3400...0x4DBF).contains(value) || (0x4E00...0x9FFF).contains(value) || (0xA000...0xA4CF).contains(value)
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
                || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
                || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value)
            return width + (wide ? 2 : 1)
        }
    }

    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
