import Foundation

/// One version of a series, as the store holds it.
public struct Snapshot: Sendable, Equatable {
    public var id: Int64
    public var series: SeriesKey
    public var version: Int
    public var transactionId: String
    public var commitSha: String
    public var commitTime: Date?
    public var modelProvider: String?
    public var metrics: [NamedMetric]
    public var isCurrent: Bool
    public var isBaseline: Bool
    public var isActive: Bool
    /// Why the snapshot is inactive (its commit left the branch), when it is.
    public var inactiveReason: String?
    public var createdAt: Date
    public var lastUpdatedAt: Date
    /// The testbed its run was measured on; nil when unknown (recorded before testbeds were).
    public var testbed: String?

    public init(id: Int64, series: SeriesKey, version: Int, transactionId: String, commitSha: String,
                commitTime: Date?, modelProvider: String?, metrics: [NamedMetric], isCurrent: Bool,
                isBaseline: Bool, isActive: Bool, inactiveReason: String? = nil, createdAt: Date, lastUpdatedAt: Date,
                testbed: String? = nil) {
        self.id = id
        self.series = series
        self.version = version
        self.transactionId = transactionId
        self.commitSha = commitSha
        self.commitTime = commitTime
        self.modelProvider = modelProvider
        self.metrics = metrics
        self.isCurrent = isCurrent
        self.isBaseline = isBaseline
        self.isActive = isActive
        self.inactiveReason = inactiveReason
        self.createdAt = createdAt
        self.lastUpdatedAt = lastUpdatedAt
        self.testbed = testbed
    }
}

/// What a row of the audit log records.
public enum TransactionKind: String, Sendable, Codable, CaseIterable {
    /// A measured run, which also made a snapshot version.
    case run
    /// A rollback: `bench checkout`.
    case checkout
    /// A baseline set or moved.
    case baselineSet = "baseline_set"
    /// A baseline removed.
    case baselineClear = "baseline_clear"
}

/// Where a run came from: the commit it measured and who ran it.
public struct Provenance: Sendable, Equatable, Codable {
    public var commitSha: String
    public var commitTime: Date?
    public var commitAuthor: String?
    public var isDirty: Bool
    public var runId: String?
    public var triggeredBy: String?
    public var tags: [String]
    public var notes: String?
    public var datasetSize: Int?
    public var durationSeconds: Double?
    /// The testbed (machine) that measured the run; nil when unknown.
    public var testbed: String?

    public init(commitSha: String, commitTime: Date? = nil, commitAuthor: String? = nil, isDirty: Bool = false,
                runId: String? = nil, triggeredBy: String? = nil, tags: [String] = [], notes: String? = nil,
                datasetSize: Int? = nil, durationSeconds: Double? = nil, testbed: String? = nil) {
        self.commitSha = commitSha
        self.commitTime = commitTime
        self.commitAuthor = commitAuthor
        self.isDirty = isDirty
        self.runId = runId
        self.triggeredBy = triggeredBy
        self.tags = tags
        self.notes = notes
        self.datasetSize = datasetSize
        self.durationSeconds = durationSeconds
        self.testbed = testbed
    }
}

/// One immutable row of `benchmark_transactions`: a run, or an action on snapshots.
public struct AuditEntry: Sendable, Equatable {
    public var id: String
    public var kind: TransactionKind
    public var series: SeriesKey
    public var modelProvider: String?
    public var provenance: Provenance
    public var metrics: [NamedMetric]
    /// The snapshot version the entry made (a run) or acted on (checkout, baseline).
    public var snapshotVersion: Int?
    public var createdAt: Date

    public init(id: String, kind: TransactionKind, series: SeriesKey, modelProvider: String?,
                provenance: Provenance, metrics: [NamedMetric], snapshotVersion: Int?, createdAt: Date) {
        self.id = id
        self.kind = kind
        self.series = series
        self.modelProvider = modelProvider
        self.provenance = provenance
        self.metrics = metrics
        self.snapshotVersion = snapshotVersion
        self.createdAt = createdAt
    }
}

/// A run to record: the series, the figures and where they came from.
public struct RunRecord: Sendable, Equatable, Codable {
    public var id: String
    public var series: SeriesKey
    public var modelProvider: String?
    public var metrics: [NamedMetric]
    public var provenance: Provenance
    public var createdAt: Date
    /// The facts of `provenance.testbed`'s machine, when this machine measured the run: the
    /// store keeps them in its list of testbeds.
    public var fingerprint: Fingerprint?

    public init(id: String = TransactionID.make(), series: SeriesKey, modelProvider: String?,
                metrics: [NamedMetric], provenance: Provenance, createdAt: Date = Date(), fingerprint: Fingerprint? = nil) {
        self.id = id
        self.series = series
        self.modelProvider = modelProvider
        self.metrics = metrics
        self.provenance = provenance
        self.createdAt = createdAt
        self.fingerprint = fingerprint
    }
}
