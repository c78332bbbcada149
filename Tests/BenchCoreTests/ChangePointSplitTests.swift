@testable import BenchCore
import Foundation
import Testing

/// The split search of `ChangePointDetector` finds, in O(n log n), the split the pairwise
/// O(n²) search found: the same index on every series, so `bench changes` reports what it did.
@Suite struct ChangePointSplitTests {
    /// The energy statistic's best split, summing every pairwise distance (the search as it
    /// was before the Fenwick tree; the statistic itself is the detector's `energy`).
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
            let q = ChangePointDetector.energy(left: tau, right: n - tau, across: across, withinLeft: withinLeft, withinRight: withinRight)
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

    /// Plateaus of values binary floating point cannot hold exactly: a flat stretch has no
    /// split (its pairwise sums are all exactly 0), whatever rounding leaves in the sums the
    /// search keeps; two plateaus split on their step, and neither splits again.
    @Test func aFlatStretchHasNoSplit() {
        let detector = ChangePointDetector()
        for value in [0.83, 0.1, 0.85, 400.1] {
            for length in [6, 7, 50, 333] {
                let flat = [Double](repeating: value, count: length)
                #expect(detector.bestSplit(flat, 0, length) == nil, "\(length) × \(value)")
                #expect(Self.pairwiseSplit(flat, 0, length, minimumSegment: detector.minimumSegment) == nil)
            }
        }
        let plateaus = [Double](repeating: 0.83, count: 300) + [Double](repeating: 0.85, count: 200)
        #expect(detector.bestSplit(plateaus, 0, plateaus.count) == 300)
        let (left, right) = Segment(plateaus, 0, plateaus.count).split(at: 300, plateaus)
        #expect(detector.bestSplit(plateaus, left) == nil && detector.bestSplit(plateaus, right) == nil)
        #expect(detector.detect(plateaus).map(\.index) == [300])
    }

    /// A segment split in two hands each half what sorting and summing it afresh would: the
    /// same order, and distances to the points before within 1e-9 of the pairwise sums, down
    /// to the smallest segments, so every split below the first is the one a fresh search finds.
    @Test(arguments: [11, 12, 13])
    func halvesOfASegmentAreTheSegmentsTheyCover(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let detector = ChangePointDetector()
        let series = (0..<400).map { index in ((Double.random(in: -1...1, using: &random) + (index > 250 ? 0.7 : 0)) * 8).rounded() / 8 }
        var pending = [Segment(series, 0, series.count)], splits = 0
        while let segment = pending.popLast() {
            let fresh = Segment(series, segment.start, segment.end)
            #expect(segment.order.map { series[$0] } == fresh.order.map { series[$0] }, "\(segment.start)..<\(segment.end)")
            for (index, distance) in zip(segment.start..<segment.end, segment.toEarlier) {
                let pairwise = series[segment.start..<index].reduce(0) { $0 + abs(series[index] - $1) }
                #expect(abs(distance - pairwise) < 1e-9, "point \(index) of \(segment.start)..<\(segment.end)")
            }
            guard let split = detector.bestSplit(series, segment) else { continue }
            #expect(split == Self.pairwiseSplit(series, segment.start, segment.end, minimumSegment: detector.minimumSegment))
            let (left, right) = segment.split(at: split, series)
            pending += [left, right]
            splits += 1
        }
        #expect(splits > 50)
    }
}

/// `ChangePointDetector.detect` finds the change points the search found when it sorted each
/// segment afresh and scanned every candidate for the weakest at each step of the pruning:
/// that search is written out here, and both must agree on every series.
@Suite struct ChangePointSearchTests {
    /// The detector as it was: candidates by `bestSplit` sorting each segment, pruning by a
    /// scan of every score, then moving and pruning again.
    static func scanningDetect(_ detector: ChangePointDetector, _ series: [Double]) -> [ChangePoint] {
        var splits: [Int] = []
        var pending = [(0, series.count)]
        while let (start, end) = pending.popLast() {
            guard let split = detector.bestSplit(series, start, end) else { continue }
            splits.append(split)
            pending += [(start, split), (split, end)]
        }
        splits.sort()
        func bounds(_ position: Int) -> (Int, Int, Int) {
            (position == 0 ? 0 : splits[position - 1], splits[position], position == splits.count - 1 ? series.count : splits[position + 1])
        }
        func strength(_ position: Int) -> Double {
            let (start, split, end) = bounds(position)
            guard split - start >= detector.minimumSegment, end - split >= detector.minimumSegment else { return 1 }
            return MannWhitney(Array(series[start..<split]), Array(series[split..<end]))?.p ?? 1
        }
        func score(_ position: Int) -> Double {
            guard detector.minimumRelativeChange > 0 else { return strength(position) }
            let (start, split, end) = bounds(position)
            let before = Summary(series[start..<split]).mean, after = Summary(series[split..<end]).mean
            return before != 0 && abs(after - before) / abs(before) >= detector.minimumRelativeChange ? strength(position) : 2
        }
        let threshold = ChangePointDetector.threshold(detector.pValue, length: series.count)
        func prune() {
            var scores = splits.indices.map(score)
            while !splits.isEmpty {
                let weakest = scores.indices.max { scores[$0] < scores[$1] }!
                if scores[weakest] < threshold { break }
                splits.remove(at: weakest)
                scores.remove(at: weakest)
                if weakest > 0 { scores[weakest - 1] = score(weakest - 1) }
                if weakest < splits.count { scores[weakest] = score(weakest) }
            }
        }
        prune()
        for _ in 0..<ChangePointDetector.maximumPasses {
            var moved = false
            for position in splits.indices {
                let (start, _, end) = bounds(position)
                guard let best = detector.bestSplit(series, start, end), best != splits[position] else { continue }
                splits[position] = best
                moved = true
            }
            guard moved else { break }
            prune()
        }
        return splits.indices.map { position in
            let (start, split, end) = bounds(position)
            return ChangePoint(index: split, meanBefore: Summary(series[start..<split]).mean,
                               meanAfter: Summary(series[split..<end]).mean, p: strength(position))
        }
    }

    /// Mann-Whitney's U by a stable sort of the pooled sample, as the test ranked it before
    /// it merged two sorted samples.
    static func pooledU(_ x: [Double], _ y: [Double]) -> Double {
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count), start = 0
        while start < pooled.count {
            var end = start
            while end + 1 < pooled.count && pooled[end + 1].0 == pooled[start].0 { end += 1 }
            for index in start...end { ranks[index] = Double(start + end + 2) / 2 }
            start = end + 1
        }
        return zip(pooled, ranks).filter { $0.0.1 == 0 }.reduce(0) { $0 + $1.1 } - Double(x.count * (x.count + 1)) / 2
    }

    @Test func mannWhitneyRanksByMergingAsThePooledSortDid() {
        var random = SeededGenerator(seed: 9)
        for trial in 0..<300 {
            let x = (0..<(1 + trial % 37)).map { _ in Double(Int.random(in: 0..<(trial % 2 == 0 ? 8 : 1000), using: &random)) / 7 }
            let y = (0..<(1 + trial % 23)).map { _ in Double(Int.random(in: 0..<(trial % 2 == 0 ? 8 : 1000), using: &random)) / 7 }
            #expect(MannWhitney(x, y)?.u == Self.pooledU(x, y), "trial \(trial)")
        }
    }

    /// Orderings of n1 x's and n2 y's by U, counted by the recurrence the exact test used
    /// before (the largest value is an x, beating all j y's, or a y):
    /// f(i, j, u) = f(i−1, j, u−j) + f(i, j−1, u).
    static func orderingsByU(_ n1: Int, _ n2: Int) -> [Double] {
        var table = [[Double]](repeating: [Double](repeating: 0, count: n1 * n2 + 1), count: n2 + 1)
        for j in 0...n2 { table[j][0] = 1 }
        for i in stride(from: 1, through: n1, by: 1) {
            var next = [[Double]](repeating: [Double](repeating: 0, count: n1 * n2 + 1), count: n2 + 1)
            next[0][0] = 1
            for j in 1...n2 {
                for u in 0...(i * j) { next[j][u] = (u >= j ? table[j][u - j] : 0) + next[j - 1][u] }
            }
            table = next
        }
        return table[n2]
    }

    @Test func theExactDistributionIsTheRecurrencesCounts() {
        for n1 in 1...20 {
            for n2 in 1...(24 - min(n1, 23)) {
                let counts = Self.orderingsByU(n1, n2)
                let cumulative = counts.indices.map { counts[...$0].reduce(0, +) }
                #expect(ExactU.cumulative(n1, n2) == cumulative, "n1 \(n1), n2 \(n2)")
                #expect(MannWhitney.smallestP(n1, n2) == min(1, 2 / cumulative.last!), "n1 \(n1), n2 \(n2)")
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func theChangePointsAreTheOnesTheScanningSearchFound(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for trial in 0..<24 {
            let length = [12, 60, 200, 800, 2000, 3000][trial % 6]
            let steps = (0..<(trial % 5)).map { _ in (Int.random(in: 0..<length, using: &random), Double.random(in: -3...3, using: &random)) }
            // Noise, a few steps, outliers, and (every third series) values rounded so many tie.
            let series = (0..<length).map { index -> Double in
                var value = 10 + Double.random(in: -1...1, using: &random) + steps.filter { index >= $0.0 }.reduce(0) { $0 + $1.1 }
                if Int.random(in: 0..<40, using: &random) == 0 { value += 8 }
                return trial % 3 == 0 ? value.rounded() : value
            }
            for detector in [ChangePointDetector(), ChangePointDetector(pValue: 0.05, minimumRelativeChange: 0.02)] {
                #expect(detector.detect(series) == Self.scanningDetect(detector, series), "seed \(seed), series \(trial) of \(length) points")
            }
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
                      ("LATENCY", true), ("Größe_bytes", true), ("précision", false), ("rss", true), ("ti", false),
                      ("WALL_US", true), ("ÉTIME", true), ("tim", false), ("peak_RSS", true)])
    func quantityNamesAreFoundInAnyCase(_ name: String, _ quantity: Bool) {
        #expect(Names.isNonNegativeQuantity(name) == quantity)
    }
}
