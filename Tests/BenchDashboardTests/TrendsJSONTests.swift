import BenchCore
@testable import BenchDashboard
import Foundation
import Hummingbird
import Testing

/// `/api/trends` writes its points by hand (a chart of 20,000 of them spent most of its time
/// in the encoder): the bytes are those `JSONEncoder` writes, on awkward values too.
@Suite struct TrendsJSONTests {
    @Test func handWrittenPointsAreTheEncodersBytes() {
        let awkward = SeriesKey(modelVersion: "a \"quoted\"/slashed\\ name\u{1}é", datasetVersion: "d/1", promptVersion: "",
                                environment: "ci", branchName: "feature/x")
        let values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-7, 1.5e300, -2.25e-300, 123456789012345680, 0.30000000000000004, 400, 7.0]
        let points = values.enumerated().map { index, value in
            TrendJSON.PointJSON(snapshot_version: index + 1, commit_sha: index == 3 ? "not/a \"sha\"" : String(repeating: "ab", count: 20),
                                created_at: "2026-11-2\(index % 10)T10:00:00.000Z", value: value,
                                lower_limit: index % 3 == 0 ? nil : value - 1, upper_limit: index % 4 == 0 ? nil : value * 2,
                                rolling_median: index % 2 == 0 ? nil : value / 3)
        }
        let trends = [TrendJSON(series: awkward, metric: "f1 \"x\"", points: points),
                      TrendJSON(series: SeriesKey(modelVersion: "m", branchName: "main"), metric: "latency_ms", points: []),
                      TrendJSON(series: SeriesKey(modelVersion: "n", branchName: "main"), metric: "f1", points: Array(points.prefix(1)))]
        let expected = Array(String(buffer: Replies.encode(trends)).utf8)
        #expect(trends.encoded == expected, "\(String(decoding: trends.encoded, as: UTF8.self))\n\(String(decoding: expected, as: UTF8.self))")
        #expect([TrendJSON]().encoded == Array(String(buffer: Replies.encode([TrendJSON]())).utf8))
    }
}
