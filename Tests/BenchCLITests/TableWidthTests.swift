@testable import BenchCLI
import Testing

/// The columns a table cell takes: a byte a column for printable ASCII (the fast path), and
/// by character, wide ones two, for everything else.
@Suite struct TableWidthTests {
    @Test(arguments: [
        ("f1  0.8523 → 0.85", 17), ("model-01", 8), ("", 0), ("日本", 4), ("é", 1), ("e\u{301}", 1),
        ("x\r\ny", 3), ("a\tb", 3), ("😀 up", 5), ("😀", 2), ("ｆ１", 4),
    ])
    func aCellTakesItsColumns(_ cell: String, _ columns: Int) {
        #expect(cell.terminalWidth == columns)
    }

    @Test func columnsLineUpPastWideCells() {
        var table = Table("SERIES", "F1")
        table.add(["日本語", "0.85"])
        table.add(["model-01", "0.84"])
        #expect(table.render() == "SERIES    F1\n日本語    0.85\nmodel-01  0.84")
    }
}
