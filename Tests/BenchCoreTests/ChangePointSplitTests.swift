@testable import BenchCore
import Foundation
import Testing

/// The split search of `ChangePointDetector` finds, in O(n log n), the split the pairwise
/// O(n²) search found: the same index on every series, so `bench changes` reports what it did.
@Suite struct ChangePointSplitTests {
    /// The energy statistic's best split, summing every pairwise distance (the search as it
    /// was before the Fenwick tree).
    static func pairwiseSplit(_ series: [Double], _ start: Int, _ end: Int, minimumSegment: Int) -> Int? {
        let n = end - start
        guard n >= 2 * minimumSegment else { return nil }
        let values = Array(series[start..<end])
        var across = 0.0, withinLeft = 0.0, withinRight = 0.0
        let first = minimumSegment
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let distance = abs(values[i] - values[j])
                if j < first { withinLeft += distance } else if i >= first { withinRight += distance } else { across += distance }
            }
        }
        var best: (index: Int, q: Double)?
        var tau = first
        while true {
            let m = Double(tau), k = Double(n - tau)
            let meanAcross = 2 * across / (m * k)
            let meanLeft = m > 1 ? 2 * withinLeft / (m * (m - 1)) : 0
            let meanRight = k > 1 ? 2 * withinRight / (k * (k - 1)) : 0
            let q = m * k / (m + k) * (meanAcross - meanLeft - meanRight)
            if best == nil || q > best!.q { best = (tau, q) }
            guard tau < n - minimumSegment else { break }
            let moving = values[tau]
            var toLeft = 0.0, toRight = 0.0
            for i in 0..<tau { toLeft += abs(values[i] - moving) }
            for j in (tau + 1)..<n { toRight += abs(values[j] - moving) }
            withinLeft += toLeft
            withinRight -= toRight
            across += toRight - toLeft
            tau += 1
        }
        guard let best, best.q > 0 else { return nil }
        return start + best.index
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func theSplitIsTheOnePairwiseSumsFind(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let detector = ChangePointDetector()
        for trial in 0..<60 {
            let length = [6, 7, 12, 40, 120, 333][trial % 6]
            let step = Double(trial % 4) * 0.5
            // Noise, a step, outliers, and (every third series) values rounded so many tie.
            let series = (0..<length).map { index -> Double in
                var value = 10 + Double.random(in: -1...1, using: &random) + (index > length / 2 ? step : 0)
                if Int.random(in: 0..<30, using: &random) == 0 { value += 8 }
                return trial % 3 == 0 ? value.rounded() : value
            }
            let start = trial % 2 == 0 ? 0 : min(2, length - 1)
            #expect(detector.bestSplit(series, start, length) == Self.pairwiseSplit(series, start, length, minimumSegment: detector.minimumSegment),
                    "seed \(seed), series \(trial) of \(length) points")
        }
    }
}

/// New transaction ids are UUIDv7: the time first, so later ids sort after earlier ones.
@Suite struct TransactionIDTests {
    @Test func idsAreVersion7AndSortByTime() {
        let earlier = TransactionID.make(at: Date(timeIntervalSince1970: 1_700_000_000))
        let later = TransactionID.make(at: Date(timeIntervalSince1970: 1_700_000_000.002))
        #expect(earlier < later)
        #expect(earlier.hasPrefix("018bcfe5-6800-7"), "48 bits of milliseconds, then the version")
        #expect(UUID(uuidString: earlier) != nil && earlier == earlier.lowercased())
        #expect(["8", "9", "a", "b"].contains(earlier[earlier.index(earlier.startIndex, offsetBy: 19)]), "the RFC's variant")
        #expect(Set((0..<1000).map { _ in TransactionID.make() }).count == 1000)
    }

    @Test(arguments: [("latency_ms", true), ("Total_Time", true), ("p99/op", true), ("f1", false), ("accuracy", false),
                      ("LATENCY", true), ("Größe_bytes", true), ("précision", false)])
    func quantityNamesAreFoundInAnyCase(_ name: String, _ quantity: Bool) {
        #expect(Names.isNonNegativeQuantity(name) == quantity)
    }
}
