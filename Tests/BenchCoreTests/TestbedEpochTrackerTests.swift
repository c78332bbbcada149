import BenchCore
import Foundation
import Testing

/// `bench history` finds epochs while it streams newest first; what it finds must be what
/// `TestbedEpoch.of` finds for the whole history oldest first, positions included.
@Suite struct TestbedEpochTrackerTests {
    static func history(_ testbeds: [String?]) -> [Snapshot] {
        testbeds.enumerated().map { index, testbed in
            Snapshot(id: Int64(index + 1), series: SeriesKey(modelVersion: "clf", environment: "local", branchName: "main"),
                     version: index + 1, transactionId: "t\(index)", commitSha: String(repeating: "a", count: 40), commitTime: nil,
                     modelProvider: nil, metrics: [], isCurrent: false, isBaseline: false, isActive: true,
                     createdAt: Date(timeIntervalSince1970: 0), lastUpdatedAt: Date(timeIntervalSince1970: 0), testbed: testbed)
        }
    }

    @Test(arguments: [
        [nil, "a", "a", nil, "b", "b", "a", nil],
        ["a", "a", "a"],
        [nil, nil],
        ["a", "b", "a", "b"],
        [String?](),
    ])
    func streamingNewestFirstFindsTheSameEpochs(_ testbeds: [String?]) {
        let oldestFirst = Self.history(testbeds)
        var tracker = TestbedEpoch.Tracker()
        for snapshot in oldestFirst.reversed() { tracker.add(snapshot) }
        #expect(tracker.oldestFirst == TestbedEpoch.of(oldestFirst))
    }
}
