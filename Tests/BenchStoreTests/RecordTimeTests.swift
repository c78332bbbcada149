import BenchCore
@testable import BenchStore
import Foundation
import Testing

/// Runs recorded now (`RunTime.atWrite`) beside imported history, in every available store:
/// each store reads the time inside its write transaction, so the versions it stamps never go
/// back in time, and the run it records becomes current, even over a snapshot imported with a
/// later time (a clock ahead) and over a pinned checkout. All stores end with the same flags.
extension StoreConformanceTests {
    @Test func bothStoresStampRunsRecordedNowAlike() throws {
        var flags: [String: [String]] = [:]
        for kind in StoreKind.available {
            let store = try kind.make()
            let before = Date()
            var ahead = run(0.70)
            ahead.createdAt = before.addingTimeInterval(3600)
            _ = try store.record([ahead], time: .given)
            let recorded = try store.record([run(0.80)], time: .atWrite)
            #expect(recorded.map(\.isCurrent) == [true], "\(kind): a run recorded now is the newest version, so current")
            _ = try store.checkout(series, version: 1, by: action)
            _ = try store.record([run(0.81), run(0.82)], time: .atWrite)
            var lastYear = run(0.50)
            lastYear.createdAt = before.addingTimeInterval(-365 * 86_400)
            let imported = try store.record([lastYear], time: .given)
            #expect(imported.map(\.isCurrent) == [false], "\(kind): old history does not replace today's figures")
            _ = try store.record([run(0.83)], time: .atWrite)
            let after = Date()

            let history = Array(try store.history(of: series).reversed())
            flags[kind.description] = history.map { "\($0.version)" + ($0.isCurrent ? "c" : "") }
            // Both stores keep milliseconds: allow one either side of the clock readings here.
            let stamped = history.filter { [2, 3, 4, 6].contains($0.version) }
            let inWindow = stamped.allSatisfy { $0.createdAt.timeIntervalSince(before) > -0.001 && after.timeIntervalSince($0.createdAt) > -0.001 }
            #expect(inWindow, "\(kind): stamped while recording: \(stamped.map(\.createdAt))")
            #expect(zip(stamped, stamped.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt }, "\(kind): never back in time")
            let entries = try store.entries(since: nil, kinds: [.run], series: SeriesFilter(series))
            #expect(entries.map(\.createdAt) == history.map(\.createdAt), "\(kind): each audit row has its snapshot's time")
        }
        for (kind, got) in flags {
            #expect(got == ["1", "2", "3", "4", "5", "6c"], "\(kind)")
        }
    }
}
