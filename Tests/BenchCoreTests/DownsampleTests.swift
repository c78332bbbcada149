import BenchCore
import Testing

/// Thinning a line for drawing, and the rolling median the trends view draws through it.
@Suite struct DownsampleTests {
    /// Noisy points (20,000: a series of 20,000 versions) with one spike up, at 7,777 of
    /// 20,000, and one down, at 12,345 of 20,000 (scaled to `count`).
    static func noisy(_ count: Int = 20_000) -> (x: [Double], y: [Double]) {
        var generator = SeededGenerator(seed: 11)
        var y = (0..<count).map { _ in 0.85 + Double.random(in: -0.01...0.01, using: &generator) }
        y[count * 7_777 / 20_000] = 0.99
        y[count * 12_345 / 20_000] = 0.51
        return ((1...count).map(Double.init), y)
    }

    @Test func twentyThousandPointsDrawAsAboutAThousandWithTheirSpikes() {
        let (x, y) = Self.noisy()
        let kept = Downsample.minMax(x: x, y: y, columns: 500)
        #expect(kept.count <= 1_002 && kept.count >= 990, "\(kept.count)")
        #expect(kept.first == 0 && kept.last == y.count - 1, "the first and the last point are kept")
        #expect(kept.contains(7_777) && kept.contains(12_345), "the spikes, up and down")
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0 < $1 }, "in order, each once")
    }

    /// Every column keeps exactly its extremes: the points it keeps are its lowest and
    /// highest, checked column by column against a plain scan.
    @Test(arguments: [7, 64, 333]) func eachColumnKeepsItsLowestAndHighest(columns: Int) {
        let (x, y) = Self.noisy(5_000)
        let kept = Set(Downsample.minMax(x: x, y: y, columns: columns))
        let span = x.last! - x.first!
        let byColumn = Dictionary(grouping: y.indices) { min(columns - 1, Int((x[$0] - x.first!) / span * Double(columns))) }
        #expect(byColumn.count == columns)
        for (_, members) in byColumn {
            let lowest = members.min { y[$0] < y[$1] }!, highest = members.max { y[$0] < y[$1] }!
            #expect(kept.contains(lowest) && kept.contains(highest))
            let extra = members.filter { kept.contains($0) && $0 != lowest && $0 != highest && $0 != 0 && $0 != y.count - 1 }
            #expect(extra.isEmpty, "nothing else of the column: \(extra)")
        }
    }

    /// On a time axis the columns are equal spans of time, not of points: a burst of runs
    /// in one minute is one column.
    @Test func unevenTimesShareColumnsByTime() {
        let x = [0.0, 1, 2, 3, 4, 5, 6, 7, 1_000]
        let y = [5.0, 1, 9, 4, 3, 2, 8, 6, 5]
        #expect(Downsample.minMax(x: x, y: y, columns: 2) == [0, 1, 2, 8])
    }

    @Test func shortLinesAreKeptWhole() {
        #expect(Downsample.minMax(x: [1, 2, 3], y: [3, 1, 2], columns: 2) == [0, 1, 2])
        #expect(Downsample.minMax(x: [], y: [], columns: 10) == [])
        #expect(Downsample.minMax(x: [4, 4, 4, 4, 4, 4], y: [1, 2, 3, 4, 5, 6], columns: 2) == [0, 5], "no span: the ends")
    }

    @Test func theRollingMedianIsTheMedianOfEachWindow() {
        #expect([1.0, 9, 2, 8, 3, 7].rollingMedian(window: 3) == [1, 5, 2, 8, 3, 7])
        #expect([4.0, 2].rollingMedian(window: 0) == [4, 2], "a window of one is the values")
        let (_, y) = Self.noisy(600)
        for window in [1, 2, 15, 30, 1_000] {
            let expected = y.indices.map { Array(y[Swift.max(0, $0 - window + 1)...$0]).median! }
            #expect(y.rollingMedian(window: window) == expected, "window \(window)")
        }
    }
}
