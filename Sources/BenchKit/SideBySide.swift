import BenchCore

/// What two sides of a comparison are: two commits, two branches, or two testbeds.
public enum SideKind: String, CaseIterable, Sendable {
    case commit, branch, testbed

    /// `commits`, `branches`, `testbeds`.
    public var plural: String { self == .branch ? "branches" : rawValue + "s" }
}

/// Two commits, branches or testbeds side by side across every series: per series and
/// metric, the value on each side and the change from A to B, by the metric's direction, as
/// `bench compare` prints it for two versions of one series. The dashboard's Comparison
/// view reads it here, so any front that compares two sides shares this one loader.
public struct SideBySide: Sendable {
    /// One series' metrics on both sides (a side it was not measured on is nil).
    public struct Row: Sendable {
        public var series: SeriesKey
        public var a: Snapshot?
        public var b: Snapshot?
        public var deltas: [MetricDelta]
    }

    public var kind: SideKind
    public var a: String
    public var b: String
    /// Each side as it reads: the short sha and subject of a commit, else as asked.
    public var labels: (a: String, b: String)
    public var rows: [Row]

    /// Every series' deltas as one list, worse first, then better, added, removed and the
    /// same, each by the size of the change (then by series): the order every front shows.
    public var ordered: [(series: SeriesKey, delta: MetricDelta)] {
        let rank = { (delta: MetricDelta) in [MetricDelta.Verdict.worse, .better, .added, .removed, .same].firstIndex(of: delta.verdict) ?? 5 }
        return rows.flatMap { row in row.deltas.map { (row.series, $0) } }.sorted { left, right in
            (rank(left.delta), -abs(left.delta.percent ?? 0), left.series.description, left.delta.name)
                < (rank(right.delta), -abs(right.delta.percent ?? 0), right.series.description, right.delta.name)
        }
    }

    /// How many of the deltas are worse, better, the same, added and removed.
    public var counts: [MetricDelta.Verdict: Int] {
        rows.reduce(into: [:]) { counts, row in for delta in row.deltas { counts[delta.verdict, default: 0] += 1 } }
    }

    /// Versions a testbed comparison looks back through for each series' newest result on a testbed.
    public static let testbedWindow = 200

    /// The two sides read through BenchKit, matched by lineage (the series without its branch:
    /// two branches of one series compare). The current series of `branch` (every branch when
    /// nil) and `environment` are the ones a branch or testbed comparison looks at; a commit's
    /// are those measured at it (in `environment`, when given). Throws `.badInput` for a
    /// revision the clone does not have.
    public static func load(_ session: Session, kind: SideKind, a: String, b: String, branch: String?, environment: String?) throws -> SideBySide {
        var labels = (a: a, b: b)
        var left: [SeriesKey: Snapshot] = [:], right: [SeriesKey: Snapshot] = [:]
        func lineage(_ key: SeriesKey) -> SeriesKey { var key = key; key.branchName = ""; return key }
        /// Puts a snapshot on side 0 (A) or 1 (B), by its lineage.
        func put(_ snapshot: Snapshot, on side: Int) {
            if side == 0 { left[lineage(snapshot.series)] = snapshot } else { right[lineage(snapshot.series)] = snapshot }
        }
        switch kind {
        case .commit:
            for (side, revision) in [(0, a), (1, b)] {
                guard !revision.contains("..") else {
                    throw BenchError(.badInput, "'\(revision)' is a range of commits; each side is one commit", hint: "give one revision per side, e.g. v1.2 HEAD")
                }
                guard let entry = try CommitLog(session).log(range: revision, limit: 1).first else {
                    throw BenchError(.badInput, "no commit '\(revision)'", hint: "give a sha, branch or tag this clone has")
                }
                let label = "\(entry.commit.short) \(entry.commit.subject)"
                if side == 0 { labels.a = label } else { labels.b = label }
                // Reruns at one commit: the newest counts.
                let measured = entry.snapshots.filter { environment == nil || $0.series.environment == environment }
                for snapshot in measured where snapshot.isActive { put(snapshot, on: side) }
            }
        case .branch:
            for (side, name) in [(0, a), (1, b)] {
                let current = try SnapshotQueries(session).current(branch: name, environment: environment)
                guard !current.isEmpty else {
                    let known = Set(try SnapshotQueries(session).current(environment: environment).map(\.series.branchName)).sorted()
                    throw BenchError(.badInput, "nothing is measured on branch '\(name)'" + (environment.map { " in environment '\($0)'" } ?? ""),
                                     hint: known.isEmpty ? "record results first" : "branches with results: " + known.prefix(20).joined(separator: ", "))
                }
                for snapshot in current { put(snapshot, on: side) }
            }
        case .testbed:
            var seen = Set<String>()
            for current in try SnapshotQueries(session).current(branch: branch, environment: environment) {
                let versions = try SnapshotQueries(session).versions(of: current.series, limit: testbedWindow).filter(\.isActive)
                seen.formUnion(versions.compactMap(\.testbed))
                if let newest = versions.first(where: { $0.testbed == a }) { left[lineage(current.series)] = newest }
                if let newest = versions.first(where: { $0.testbed == b }) { right[lineage(current.series)] = newest }
            }
            for (name, side) in [(a, left), (b, right)] where side.isEmpty {
                throw BenchError(.badInput, "no series has a result on testbed '\(name)' among its last \(testbedWindow) versions",
                                 hint: seen.isEmpty ? "no result names its testbed yet (see `bench testbeds`)"
                                     : "testbeds with results: " + seen.sorted().prefix(20).joined(separator: ", "))
            }
        }
        let keys = Set(left.keys).union(right.keys).sorted { $0.description < $1.description }
        let direction = { (metric: String) in session.config.direction(of: metric) }
        let rows = keys.map { key in
            Row(series: (right[key] ?? left[key])!.series, a: left[key], b: right[key],
                deltas: MetricDelta.between(left[key]?.metrics ?? [], right[key]?.metrics ?? [], direction: direction))
        }
        return SideBySide(kind: kind, a: a, b: b, labels: labels, rows: rows)
    }
}
