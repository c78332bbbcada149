import BenchCore
import Foundation
import Testing

/// `Figures.formatted` writes a double through the C library where every front used
/// `String(format:)`: the text must be the formatter's, character for character.
@Suite struct FormattedFiguresTests {
    static let values: [Double] = [0, -0.0, 1, -1, 0.05, 0.15, 0.25, 2.5, -2.5, 1e-7, 0.000123456, 123_456.789, 999.95,
                                   1e300, -1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .nan, .infinity, -.infinity, 1.0 / 3, 2.0 / 3]

    @Test(arguments: ["%+.1f%%", "%.3g", "%.6g", "effect=%.2f", "the change is within the noise (p = %.3g)"])
    func theTextIsTheFormattersText(format: String) {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<2_000).map { _ in Double(bitPattern: generator.next()) }
        for value in Self.values + random {
            #expect(Figures.formatted(value, format) == String(format: format, value), "\(format) of \(value)")
        }
    }

    @Test func aLongTextIsWrittenWhole() {
        let text = Figures.formatted(1e300, "%+.1f%%")
        #expect(text.count > 300, "1e300 has 301 digits before its point")
        #expect(text == String(format: "%+.1f%%", 1e300))
    }
}
