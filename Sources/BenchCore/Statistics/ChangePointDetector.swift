/// A step in a series: where it is, the level before and after, and how sure.
public struct ChangePoint: Sendable, Equatable {
    /// Index of the first point after the change.
    public var index: Int
    public var meanBefore: Double
    public var meanAfter: Double
    /// Mann-Whitney U between the segments either side.
    public var p: Double

    /// The change relative to the level before, in percent (nil when that level is 0).
    public var percent: Double? { meanBefore == 0 ? nil : (meanAfter - meanBefore) / abs(meanBefore) * 100 }
}

/// Change-point detection by E-divisive means (Matteson & James, 2014) as MongoDB's
/// signal processing and Apache Otava use it: split the series where the energy distance
/// between the two sides is largest, keep the split when a test between the adjacent
/// segments is significant, and recurse on both sides. Otava tests with Student's t; we
/// use Mann-Whitney U, which measured better on noisy series with outliers
/// (`make detection-report`). Each split kept is then moved to the best split between its
/// neighbours, so it sits on the step rather than a few points after it.
public struct ChangePointDetector: Sendable {
    /// Significance a split must reach.
    public var pValue: Double
    /// Fewest points a segment may have.
    public var minimumSegment: Int
    /// Smallest relative step worth reporting (0 reports any significant step).
    public var minimumRelativeChange: Double

    public init(pValue: Double = 0.001, minimumSegment: Int = 3, minimumRelativeChange: Double = 0) {
        self.pValue = pValue
        self.minimumSegment = minimumSegment
        self.minimumRelativeChange = minimumRelativeChange
    }

    /// The series length `pValue` is calibrated for (`make detection-report`).
    public static let calibratedLength = 60

    /// The change points of `series`, in order.
    public func detect(_ series: [Double]) -> [ChangePoint] {
        // 1. Candidates: split every segment at its largest energy statistic, down to the
        //    minimum segment size, without testing yet (a step up and back down again hides
        //    from a test of the first split alone).
        //    Each segment comes with what its search needs, taken from its parent's in one
        //    pass (`Segment.split`): sorted and summed once, not once a segment.
        var splits: [Int] = []
        var pending = [Segment(series, 0, series.count)]
        while let segment = pending.popLast() {
            guard let split = bestSplit(series, segment) else { continue }
            splits.append(split)
            let (left, right) = segment.split(at: split, series)
            pending.append(left)
            pending.append(right)
        }
        splits.sort()
        // 2. Prune the weak, 3. move each survivor to the best split between its neighbours,
        //    and again while a move leaves one too weak: a candidate that survives is often
        //    not the one on the step but one a few points later, whose neighbour on the step
        //    was pruned first (its segment beside the step was too short to test), which would
        //    send a bisection to the wrong range.
        let threshold = Self.threshold(pValue, length: series.count)
        prune(series, &splits, threshold: threshold)
        var passes = 0
        while passes < Self.maximumPasses, refine(series, &splits) {
            prune(series, &splits, threshold: threshold)
            passes += 1
        }
        return splits.indices.map { position in
            let (start, split, end) = bounds(series, splits, position)
            let before = Summary(series[start..<split]), after = Summary(series[split..<end])
            return ChangePoint(index: split, meanBefore: before.mean, meanAfter: after.mean,
                               p: strength(series, splits, position))
        }
    }

    /// Rounds of pruning and moving at most: each round only removes or moves points, and
    /// in practice the second finds nothing to move.
    static let maximumPasses = 8

    /// The p-value a split must stay under on a series of `length` points. A long series
    /// hides more unusual stretches in its noise (the segments a split can cut grow with the
    /// square of the length): past `calibratedLength` points the threshold shrinks with that
    /// square, so false alarms stay rare at any length.
    public static func threshold(_ pValue: Double, length: Int) -> Double {
        let scale = min(1, Double(calibratedLength) / Double(max(length, 1)))
        return pValue * scale * scale
    }

    /// Drops the weakest candidate (its segments either side least different, or its step
    /// below the minimum) until every one left holds, re-testing each against its new
    /// neighbours. A candidate's score depends on its neighbours only, so removing one
    /// re-scores the two beside it, not all of them (thousands of candidates on a long series).
    ///
    /// The weakest is the highest score, the first of equal ones; a heap finds it, each score
    /// kept under its candidate's current stamp (an entry with an older stamp is stale), and
    /// the candidates left are linked to their neighbours: both would be a scan of every
    /// candidate per removal, thousands of times over, on a long series. Each segment's values
    /// are kept sorted (`sorted[c]`: the segment ending at candidate c, `sorted[count]` the
    /// last), and a removal merges two, so a test merges instead of sorting.
    private func prune(_ series: [Double], _ splits: inout [Int], threshold: Double) {
        guard !splits.isEmpty else { return }
        let count = splits.count
        var previous = Array(-1..<(count - 1)), next = Array(1...count)
        var stamps = [Int](repeating: 0, count: count), removed = [Bool](repeating: false, count: count)
        var sorted = (0...count).map { segment in
            series[(segment == 0 ? 0 : splits[segment - 1])..<(segment == count ? series.count : splits[segment])].sorted()
        }
        func score(_ candidate: Int) -> Double {
            let start = previous[candidate] < 0 ? 0 : splits[previous[candidate]], split = splits[candidate]
            let end = next[candidate] == count ? series.count : splits[next[candidate]]
            guard passesMinimumChange(series, start, split, end) else { return 2 }
            guard split - start >= minimumSegment, end - split >= minimumSegment else { return 1 }
            return MannWhitney(sortedX: sorted[candidate], sortedY: sorted[next[candidate]])?.p ?? 1
        }
        var heap = WeakestFirst(splits.indices.map { WeakestFirst.Entry(score: score($0), candidate: $0, stamp: 0) })
        while let weakest = heap.pop() {
            guard !removed[weakest.candidate], weakest.stamp == stamps[weakest.candidate] else { continue }
            if weakest.score < threshold { break }
            let candidate = weakest.candidate, before = previous[candidate], after = next[candidate]
            removed[candidate] = true
            sorted[after] = Self.merged(sorted[candidate], sorted[after])
            sorted[candidate] = []
            if before >= 0 { next[before] = after }
            if after < count { previous[after] = before }
            for neighbour in [before, after] where neighbour >= 0 && neighbour < count {
                stamps[neighbour] += 1
                heap.push(WeakestFirst.Entry(score: score(neighbour), candidate: neighbour, stamp: stamps[neighbour]))
            }
        }
        splits = splits.indices.filter { !removed[$0] }.map { splits[$0] }
    }

    /// Moves each split, left to right, to the best split of the stretch between its
    /// neighbours; whether any moved.
    private func refine(_ series: [Double], _ splits: inout [Int]) -> Bool {
        var moved = false
        for position in splits.indices {
            let start = position == 0 ? 0 : splits[position - 1]
            let end = position == splits.count - 1 ? series.count : splits[position + 1]
            guard let best = bestSplit(series, start, end), best != splits[position] else { continue }
            splits[position] = best
            moved = true
        }
        return moved
    }

    private func bounds(_ series: [Double], _ splits: [Int], _ position: Int) -> (Int, Int, Int) {
        (position == 0 ? 0 : splits[position - 1], splits[position], position == splits.count - 1 ? series.count : splits[position + 1])
    }

    /// Two ascending arrays as one.
    private static func merged(_ left: [Double], _ right: [Double]) -> [Double] {
        var result: [Double] = []
        result.reserveCapacity(left.count + right.count)
        var i = 0, j = 0
        while i < left.count || j < right.count {
            if j == right.count || (i < left.count && left[i] <= right[j]) {
                result.append(left[i])
                i += 1
            } else {
                result.append(right[j])
                j += 1
            }
        }
        return result
    }

    /// The p-value of a candidate against its neighbouring segments (1 when untestable).
    private func strength(_ series: [Double], _ splits: [Int], _ position: Int) -> Double {
        let (start, split, end) = bounds(series, splits, position)
        return strength(series, start, split, end)
    }

    /// The p-value of the split of series[start..<end] at `split` (1 when untestable).
    private func strength(_ series: [Double], _ start: Int, _ split: Int, _ end: Int) -> Double {
        guard split - start >= minimumSegment, end - split >= minimumSegment else { return 1 }
        return Self.pValue(Array(series[start..<split]), Array(series[split..<end])) ?? 1
    }

    private func passesMinimumChange(_ series: [Double], _ start: Int, _ split: Int, _ end: Int) -> Bool {
        guard minimumRelativeChange > 0 else { return true }
        let before = Summary(series[start..<split]).mean, after = Summary(series[split..<end]).mean
        return before != 0 && abs(after - before) / abs(before) >= minimumRelativeChange
    }

    /// Whether two adjacent segments differ: Mann-Whitney U, which an outlier cannot sway
    /// the way it sways a t-test's means and variances.
    static func pValue(_ left: [Double], _ right: [Double]) -> Double? {
        MannWhitney(left, right)?.p
    }

    /// The split of series[start..<end] with the largest energy statistic.
    func bestSplit(_ series: [Double], _ start: Int, _ end: Int) -> Int? {
        end - start < 2 * minimumSegment ? nil : bestSplit(series, Segment(series, start, end))
    }

    /// The split of a segment with the largest energy statistic.
    ///
    /// The statistic needs three sums of pairwise distances (within the left part, within the
    /// right part, across), updated as each point moves from right to left: by its distances
    /// to the points before it (`Segment.toEarlier`), and to all the segment's points, less
    /// those. The latter come from prefix sums of the sorted values: |x − y| summed over
    /// values y is x·below − Σbelow + Σabove − x·above. O(n) a segment.
    func bestSplit(_ series: [Double], _ segment: Segment) -> Int? {
        let start = segment.start, n = segment.end - start
        guard n >= 2 * minimumSegment else { return nil }
        // A flat segment has no split (every distance is 0); its sums would be rounding's
        // residue, of either sign.
        guard let lowest = segment.order.first, let highest = segment.order.last, series[lowest] != series[highest] else { return nil }
        // Each point's distance to all the segment's points, and the sum over all pairs.
        var total = 0.0
        for index in segment.order { total += series[index] }
        var toAll = [Double](repeating: 0, count: n)
        var below = 0.0, withinAll = 0.0
        for (position, index) in segment.order.enumerated() {
            let value = series[index]
            toAll[index - start] = distances(from: value, below: (Double(position), below), of: (Double(n), total))
            withinAll += Double(2 * position - n + 1) * value
            below += value
        }
        var across = 0.0, withinLeft = 0.0, withinRight = withinAll
        var best: (index: Int, q: Double)?
        for tau in 0...(n - minimumSegment) {
            if tau >= minimumSegment {
                let q = Self.energy(left: tau, right: n - tau, across: across, withinLeft: withinLeft, withinRight: withinRight)
                if best == nil || q > best!.q { best = (tau, q) }
            }
            guard tau < n - minimumSegment else { break }
            // Point tau moves to the left part.
            let toLeft = segment.toEarlier[tau], toRight = toAll[tau] - toLeft
            withinLeft += toLeft
            withinRight -= toRight
            across += toRight - toLeft
        }
        guard let best, best.q > 0 else { return nil }
        return start + best.index
    }
}

extension ChangePointDetector {
    /// The energy statistic of a split into parts of `left` and `right` points, from the sums
    /// of pairwise distances across the split and within each part: the scaled difference
    /// between the mean distance across and the mean distances within.
    static func energy(left: Int, right: Int, across: Double, withinLeft: Double, withinRight: Double) -> Double {
        let m = Double(left), k = Double(right)
        let meanAcross = 2 * across / (m * k)
        let meanLeft = m > 1 ? 2 * withinLeft / (m * (m - 1)) : 0
        let meanRight = k > 1 ? 2 * withinRight / (k * (k - 1)) : 0
        return m * k / (m + k) * (meanAcross - meanLeft - meanRight)
    }
}

/// Σ |x − y| over some values y, from how many of them lie below x and their sum, out of
/// how many in all and their sum. Values equal to x may count as below or not: they add 0
/// either way.
func distances(from x: Double, below: (count: Double, sum: Double), of all: (count: Double, sum: Double)) -> Double {
    x * below.count - below.sum + (all.sum - below.sum) - x * (all.count - below.count)
}

/// A stretch of a series that the change-point search splits: its points in order of value
/// (indices into the series) and each point's summed distance to the points before it in
/// the stretch, what every split's energy statistic is made of.
struct Segment {
    var start: Int
    var end: Int
    var order: [Int]
    /// For each point i of start..<end: Σ |x_i − x_j| over start ≤ j < i.
    var toEarlier: [Double]

    /// The stretch series[start..<end], sorted, its distances summed through a Fenwick tree
    /// over the values' ranks: O(n log n).
    init(_ series: [Double], _ start: Int, _ end: Int) {
        self.start = start
        self.end = end
        order = (start..<end).sorted { series[$0] < series[$1] }
        var rank = [Int](repeating: 0, count: end - start)
        for (position, index) in order.enumerated() { rank[index - start] = position }
        var earlier = RankSums(size: end - start)
        toEarlier = (start..<end).map { index in
            let value = series[index], rank = rank[index - start]
            defer { earlier.add(rank, value) }
            return distances(from: value, below: earlier.prefix(rank), of: earlier.total)
        }
    }

    private init(start: Int, end: Int, order: [Int], toEarlier: [Double]) {
        self.start = start
        self.end = end
        self.order = order
        self.toEarlier = toEarlier
    }

    /// The two stretches either side of `split`, in one pass over this one's order. The left
    /// keeps its points' distances; each point of the right sheds its distance to the left
    /// part, whose values below it the pass has counted and summed by then.
    func split(at split: Int, _ series: [Double]) -> (Segment, Segment) {
        var leftOrder: [Int] = [], rightOrder: [Int] = []
        leftOrder.reserveCapacity(split - start)
        rightOrder.reserveCapacity(end - split)
        var rightToEarlier = [Double](repeating: 0, count: end - split)
        var leftSum = 0.0
        for index in start..<split { leftSum += series[index] }
        let leftPart = (count: Double(split - start), sum: leftSum)
        var below = (count: 0.0, sum: 0.0)
        for index in order {
            let value = series[index]
            if index < split {
                leftOrder.append(index)
                below.count += 1
                below.sum += value
            } else {
                rightOrder.append(index)
                rightToEarlier[index - split] = toEarlier[index - start] - distances(from: value, below: below, of: leftPart)
            }
        }
        return (Segment(start: start, end: split, order: leftOrder, toEarlier: Array(toEarlier[0..<(split - start)])),
                Segment(start: split, end: end, order: rightOrder, toEarlier: rightToEarlier))
    }
}

/// Counts and sums of values by rank (a Fenwick tree): what lies below a rank, in O(log n).
struct RankSums {
    /// Count and sum side by side, added as one.
    private var nodes: [SIMD2<Double>]
    private(set) var total = (count: 0.0, sum: 0.0)

    init(size: Int) {
        nodes = [SIMD2<Double>](repeating: .zero, count: size + 1)
    }

    mutating func add(_ rank: Int, _ value: Double) {
        total.count += 1
        total.sum += value
        let item = SIMD2(1, value)
        var index = rank + 1
        nodes.withUnsafeMutableBufferPointer { nodes in
            while index < nodes.count {
                nodes[index] += item
                index += index & -index
            }
        }
    }

    /// The count and sum of the values of rank below `rank`.
    func prefix(_ rank: Int) -> (count: Double, sum: Double) {
        var result = SIMD2<Double>.zero, index = rank
        nodes.withUnsafeBufferPointer { nodes in
            while index > 0 {
                result += nodes[index]
                index -= index & -index
            }
        }
        return (result.x, result.y)
    }
}

/// A binary heap of prune's scores: the highest score first, of equal scores the first
/// candidate (the one `max` over them in order would name).
struct WeakestFirst {
    struct Entry {
        var score: Double
        var candidate: Int
        var stamp: Int

        /// Whether this entry is popped before `other`.
        func precedes(_ other: Entry) -> Bool {
            score > other.score || (score == other.score && candidate < other.candidate)
        }
    }

    private var entries: [Entry] = []

    init(_ entries: [Entry]) {
        self.entries = entries
        for index in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Entry? {
        guard !entries.isEmpty else { return nil }
        entries.swapAt(0, entries.count - 1)
        let top = entries.removeLast()
        siftDown(0)
        return top
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var first = parent
            if left < entries.count && entries[left].precedes(entries[first]) { first = left }
            if right < entries.count && entries[right].precedes(entries[first]) { first = right }
            guard first != parent else { return }
            entries.swapAt(parent, first)
            parent = first
        }
    }
}
