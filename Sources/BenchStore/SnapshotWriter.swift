import BenchCore
import Foundation

/// A flag that at most one snapshot of a series carries.
enum SeriesFlag: String {
    case current = "is_current"
    case baseline = "is_baseline"
}

/// The primitives each store provides in its own SQL; the rules of checkout, baselines and
/// realignment are written once on top of them, below, and are both stores' `Store` methods.
protocol SnapshotWriter: Store {
    /// Runs `body` as one write transaction.
    func writing<T>(_ body: () throws(StoreError) -> T) throws(StoreError) -> T
    /// Serializes writers of one series until the transaction ends (a no-op where the
    /// transaction already holds the only write lock).
    func lock(_ series: SeriesKey) throws(StoreError)
    /// One version of a series, if it exists.
    func snapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot?
    /// Clears the flag across the series, then sets it on snapshot `id` when given.
    func move(_ flag: SeriesFlag, in series: SeriesKey, to id: Int64?, at date: Date) throws(StoreError)
    /// Marks a snapshot inactive with a reason (never current then), or active again (nil).
    func setInactive(_ id: Int64, reason: String?, at date: Date) throws(StoreError)
    /// Writes the audit row of an action on a snapshot.
    func recordAction(_ kind: TransactionKind, _ snapshot: Snapshot, _ action: ActionContext) throws(StoreError)
}

extension SnapshotWriter {
    /// The version, or a not-found error naming the versions that exist.
    func requireSnapshot(_ series: SeriesKey, version: Int) throws(StoreError) -> Snapshot {
        if let snapshot = try snapshot(series, version: version) { return snapshot }
        let newest = try history(of: series).first?.version ?? 0
        throw StoreError(kind: .notFound, message: "\(series) has no version \(version)",
                         hint: newest == 0 ? "record a run first" : "choose a version from 1 to \(newest) (see `bench history \(series.modelVersion)`)")
    }

    public func checkout(_ series: SeriesKey, version: Int?, by action: ActionContext) throws(StoreError) -> Snapshot {
        try writing { () throws(StoreError) -> Snapshot in
            try lock(series)
            let target: Snapshot
            if let version {
                target = try requireSnapshot(series, version: version)
                guard target.isActive else {
                    throw StoreError(kind: .conflict, message: "version \(version) of \(series) is inactive (its commit left the branch)",
                                     hint: "choose an active version")
                }
            } else {
                guard let newest = try history(of: series).first(where: \.isActive) else {
                    throw StoreError(kind: .notFound, message: "\(series) has no active snapshot", hint: "record a run first")
                }
                target = newest
            }
            try move(.current, in: series, to: target.id, at: action.at)
            try recordAction(.checkout, target, action)
            return try requireSnapshot(series, version: target.version)
        }
    }

    public func setBaseline(_ series: SeriesKey, version: Int, by action: ActionContext) throws(StoreError) -> Snapshot {
        try writing { () throws(StoreError) -> Snapshot in
            try lock(series)
            let target = try requireSnapshot(series, version: version)
            try move(.baseline, in: series, to: target.id, at: action.at)
            try recordAction(.baselineSet, target, action)
            return try requireSnapshot(series, version: version)
        }
    }

    public func clearBaseline(_ series: SeriesKey, by action: ActionContext) throws(StoreError) -> Snapshot? {
        try writing { () throws(StoreError) -> Snapshot? in
            try lock(series)
            guard let baseline = try baselines(SeriesFilter(series)).first else { return nil }
            try move(.baseline, in: series, to: nil, at: action.at)
            try recordAction(.baselineClear, baseline, action)
            return baseline
        }
    }

    public func realign(_ series: SeriesKey, inactive: [Int64: String], current: Int64?, by action: ActionContext) throws(StoreError) -> [Snapshot] {
        try writing { () throws(StoreError) -> [Snapshot] in
            try lock(series)
            let history = try history(of: series)
            for snapshot in history {
                if let reason = inactive[snapshot.id] {
                    if snapshot.isActive || snapshot.inactiveReason != reason { try setInactive(snapshot.id, reason: reason, at: action.at) }
                } else if !snapshot.isActive {
                    try setInactive(snapshot.id, reason: nil, at: action.at)
                }
            }
            if let current, let target = history.first(where: { $0.id == current }), !target.isCurrent || inactive[current] != nil {
                try move(.current, in: series, to: current, at: action.at)
                try recordAction(.checkout, target, action)
            }
            return try self.history(of: series)
        }
    }
}
