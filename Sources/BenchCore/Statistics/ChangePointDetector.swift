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
        //    Each segment comes with its points in order of value (ties in order of index),
        //    taken from its parent's by a stable partition: sorted once, not once a segment.
        var splits: [Int] = []
        var pending = [(0, series.count, series.indices.sorted { series[$0] < series[$1] })]
        while let (start, end, order) = pending.popLast() {
            guard let split = bestSplit(series, start, end, order: order) else { continue }
            splits.append(split)
            pending.append((start, split, order.filter { $0 < split }))
            pending.append((split, end, order.filter { $0 >= split }))
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
    ///
    /// The statistic needs three sums of pairwise distances (within the left part, within the
    /// right part, across), updated as each point moves from right to left. The distances
    /// from the moving point to the points on either side come from counts and sums of the
    /// values below and above it (|x − y| summed over a side is x·below − Σbelow + Σabove −
    /// x·above), kept in a Fenwick tree over the values' ranks: O(n log n) in all, where
    /// summing each distance was O(n²).
    /// `order`, when given, lists start..<end in order of value, ties in order of index.
    func bestSplit(_ series: [Double], _ start: Int, _ end: Int, order given: [Int]? = nil) -> Int? {
        let n = end - start
        guard n >= 2 * minimumSegment else { return nil }
        let values = Array(series[start..<end])
        let first = minimumSegment
        // Ranks of the values (equal values share the lowest rank of their run, so a point
        // counts its equals neither below nor above: their distance is 0 either way).
        let order = given.map { $0.map { $0 - start } } ?? values.indices.sorted { values[$0] < values[$1] }
        var rank = [Int](repeating: 0, count: n)
        var sorted = [Double](repeating: 0, count: n)
        for (position, index) in order.enumerated() {
            sorted[position] = values[index]
            rank[index] = position > 0 && sorted[position - 1] == values[index] ? rank[order[position - 1]] : position
        }
        var left = RankSums(size: n), right = RankSums(size: n)
        for index in first..<n { right.add(rank[index], values[index]) }
        // The three sums at the first split: the left part is values[0..<first].
        var across = 0.0, withinLeft = 0.0, withinRight = 0.0
        for i in 0..<first {
            for j in (i + 1)..<first { withinLeft += abs(values[i] - values[j]) }
            left.add(rank[i], values[i])
            across += distances(from: values[i], rank: rank[i], in: right)
        }
        // Pairs within the right part: each sorted value of the right part, times how many
        // below it minus how many above it.
        var rightSorted: [Double] = []
        rightSorted.reserveCapacity(n - first)
        for index in order where index >= first { rightSorted.append(values[index]) }
        let m = rightSorted.count
        for (k, value) in rightSorted.enumerated() { withinRight += Double(2 * k - m + 1) * value }
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
            // values[tau] moves to the left part.
            let moving = values[tau]
            let toLeft = distances(from: moving, rank: rank[tau], in: left)
            let toRight = distances(from: moving, rank: rank[tau], in: right)
            left.add(rank[tau], moving)
            right.remove(rank[tau], moving)
            withinLeft += toLeft
            withinRight -= toRight
            across += toRight - toLeft
            tau += 1
        }
        guard let best, best.q > 0 else { return nil }
        return start + best.index
    }

    /// Σ |x − y| over the values held in `sums`, for a value x of rank `rank`.
    private func distances(from value: Double, rank: Int, in sums: RankSums) -> Double {
        let (belowCount, belowSum) = sums.prefix(rank)
        let (totalCount, totalSum) = sums.total
        let (atOrBelowCount, atOrBelowSum) = sums.prefix(rank + 1)
        let aboveCount = totalCount - atOrBelowCount, aboveSum = totalSum - atOrBelowSum
        return value * Double(belowCount) - belowSum + aboveSum - value * Double(aboveCount)
    }
}

/// Counts and sums of values by rank (a Fenwick tree): what lies below a rank, in O(log n).
struct RankSums {
    private var counts: [Int]
    private var sums: [Double]
    private(set) var total: (count: Int, sum: Double) = (0, 0)

    init(size: Int) {
        counts = [Int](repeating: 0, count: size + 1)
        sums = [Double](repeating: 0, count: size + 1)
    }

    mutating func add(_ rank: Int, _ value: Double) { update(rank, 1, value) }

    mutating func remove(_ rank: Int, _ value: Double) { update(rank, -1, -value) }

    private mutating func update(_ rank: Int, _ count: Int, _ value: Double) {
        total = (total.count + count, total.sum + value)
        var index = rank + 1
        while index < counts.count {
            counts[index] += count
            sums[index] += value
            index += index & -index
        }
    }

    /// The count and sum of the values of rank below `rank`.
    func prefix(_ rank: Int) -> (Int, Double) {
        var count = 0, sum = 0.0, index = rank
        while index > 0 {
            count += counts[index]
            sum += sums[index]
            index -= index & -index
        }
        return (count, sum)
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
