import BenchCore
@testable import BenchKit
import Foundation
import Testing

/// `bench changes` searches a batch of series side by side on every core: each series gets
/// the change points and testbed epochs it gets searched alone, in its own place.
@Suite struct ChangePointBatchTests {
    /// Nine series of 400 points: steps at different places, one with a testbed change.
    static func series() -> [[MetricPoint]] {
        var random = SeededGenerator(seed: 31)
        return (0..<9).map { index in
            (0..<400).map { version in
                let step = version >= 100 + 30 * index ? Double(index % 3) * 0.05 : 0
                let value = ((0.8 + step + Double.random(in: -0.01...0.01, using: &random)) * 1000).rounded() / 1000
                return MetricPoint(version: version + 1, commitSha: String(format: "%040x", version), createdAt: Date(timeIntervalSince1970: Double(version)),
                                   testbed: index == 4 && version >= 200 ? "box-b" : "box-a", metric: MetricValue(value: value))
            }
        }
    }

    @Test func aBatchFindsWhatEachSeriesFindsAlone() {
        let all = Self.series()
        let detector = ChangePointDetector()
        let together = ChangeFinder.changePoints(all, detector: detector)
        #expect(together.count == all.count)
        for (index, points) in all.enumerated() {
            let alone = ChangeFinder.changePoints([points], detector: detector)[0]
            #expect(together[index].points == alone.points, "series \(index)")
            #expect(together[index].epochs == alone.epochs, "series \(index)")
        }
        // What the comparison covers: steps found where they are, none in flat series, two epochs.
        #expect(together[1].points.map(\.index) == [130])
        #expect(together[3].points.isEmpty)
        #expect(together[4].epochs.count == 2)
    }
}
