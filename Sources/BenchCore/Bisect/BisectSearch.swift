/// What is known of one commit in a bisect range.
public enum BisectMark: String, Sendable, Equatable {
    case good
    case bad
    /// Could not be measured (or the statistics could not decide): like `git bisect skip`.
    case skip
}

/// The state of a bisection over a linear range of commits, oldest first: index 0 is the
/// known-good end, the last index the known-bad end. Pure: it says which commit to measure
/// next, treating every commit already marked as free information.
public struct BisectSearch: Sendable {
    public let count: Int
    public private(set) var marks: [Int: BisectMark]

    /// A range of `count` commits (at least two: good and bad).
    public init(count: Int, marks: [Int: BisectMark] = [:]) {
        precondition(count >= 2)
        self.count = count
        var initial = marks
        initial[0] = .good
        initial[count - 1] = .bad
        self.marks = initial
    }

    public mutating func mark(_ index: Int, _ mark: BisectMark) { marks[index] = mark }

    /// The first bad commit after the last good one before it, and that good one.
    public var window: (good: Int, bad: Int) {
        let bad = marks.filter { $0.value == .bad }.map(\.key).min() ?? count - 1
        let good = marks.filter { $0.value == .good && $0.key < bad }.map(\.key).max() ?? 0
        return (good, bad)
    }

    /// The commits still in question: between the window's ends, not skipped.
    public var candidates: [Int] {
        let (good, bad) = window
        return ((good + 1)..<bad).filter { marks[$0] != .skip }
    }

    /// The next commit to measure (nearest the middle of what is left), or nil when done.
    public var next: Int? {
        let (good, bad) = window
        let open = ((good + 1)..<bad).filter { marks[$0] == nil }
        guard !open.isEmpty else { return nil }
        let middle = Double(good + bad) / 2
        return open.min { abs(Double($0) - middle) < abs(Double($1) - middle) }
    }

    /// The answer once `next` is nil: the first bad commit, or the commits that could be it
    /// when skipped ones stand in the way (oldest first, the bad end last).
    public var culprits: [Int] {
        let (good, bad) = window
        return Array((good + 1)...bad).filter { marks[$0] != .good }
    }

    /// At most how many more measurements a clean step needs: ceil(log2(open + 1)).
    public var remainingRuns: Int {
        let (good, bad) = window
        return Self.runs(open: ((good + 1)..<bad).filter { marks[$0] == nil }.count)
    }

    /// Measurements a binary search needs over `open` unmeasured commits: ceil(log2(open + 1)).
    public static func runs(open: Int) -> Int {
        var runs = 0
        var size = open + 1
        while size > 1 { size = (size + 1) / 2; runs += 1 }
        return runs
    }
}
