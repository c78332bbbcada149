import BenchCore
import Foundation

/// The stable JSON shapes of the read commands (documented in the README). Every key is
/// always present: absent values are `null`, absent units and samples `{}`.
public struct SnapshotJSON: Encodable, Sendable {
    public var model_version: String
    public var dataset_version: String
    public var prompt_version: String
    public var environment: String
    public var branch_name: String
    public var snapshot_version: Int
    public var commit_sha: String
    public var commit_time: String?
    public var model_provider: String?
    public var transaction_id: String
    public var is_current: Bool
    public var is_baseline: Bool
    public var is_active: Bool
    public var inactive_reason: String?
    public var created_at: String
    public var last_updated_at: String
    public var metrics: [String: Double]
    public var units: [String: String]
    public var samples: [String: [Double]]
    /// The testbed of its run; null when unknown.
    public var testbed: String?

    enum CodingKeys: String, CodingKey {
        case model_version, dataset_version, prompt_version, environment, branch_name, snapshot_version, commit_sha,
             commit_time, model_provider, transaction_id, is_current, is_baseline, is_active, inactive_reason, created_at, last_updated_at,
             metrics, units, samples, testbed
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model_version, forKey: .model_version)
        try container.encode(dataset_version, forKey: .dataset_version)
        try container.encode(prompt_version, forKey: .prompt_version)
        try container.encode(environment, forKey: .environment)
        try container.encode(branch_name, forKey: .branch_name)
        try container.encode(snapshot_version, forKey: .snapshot_version)
        try container.encode(commit_sha, forKey: .commit_sha)
        try container.encode(commit_time, forKey: .commit_time)
        try container.encode(model_provider, forKey: .model_provider)
        try container.encode(transaction_id, forKey: .transaction_id)
        try container.encode(is_current, forKey: .is_current)
        try container.encode(is_baseline, forKey: .is_baseline)
        try container.encode(is_active, forKey: .is_active)
        try container.encode(inactive_reason, forKey: .inactive_reason)
        try container.encode(created_at, forKey: .created_at)
        try container.encode(last_updated_at, forKey: .last_updated_at)
        try container.encode(metrics, forKey: .metrics)
        try container.encode(units, forKey: .units)
        try container.encode(samples, forKey: .samples)
        try container.encode(testbed, forKey: .testbed)
    }

    public init(_ snapshot: Snapshot) {
        model_version = snapshot.series.modelVersion
        dataset_version = snapshot.series.datasetVersion
        prompt_version = snapshot.series.promptVersion
        environment = snapshot.series.environment
        branch_name = snapshot.series.branchName
        snapshot_version = snapshot.version
        commit_sha = snapshot.commitSha
        commit_time = snapshot.commitTime.map(Timestamp.format)
        model_provider = snapshot.modelProvider
        transaction_id = snapshot.transactionId
        is_current = snapshot.isCurrent
        is_baseline = snapshot.isBaseline
        is_active = snapshot.isActive
        inactive_reason = snapshot.inactiveReason
        created_at = Timestamp.format(snapshot.createdAt)
        last_updated_at = Timestamp.format(snapshot.lastUpdatedAt)
        metrics = Dictionary(uniqueKeysWithValues: snapshot.metrics.map { ($0.name, $0.metric.value) })
        units = Dictionary(uniqueKeysWithValues: snapshot.metrics.compactMap { metric in metric.metric.unit.map { (metric.name, $0) } })
        samples = Dictionary(uniqueKeysWithValues: snapshot.metrics.compactMap { metric in metric.metric.samples.map { (metric.name, $0) } })
        testbed = snapshot.testbed
    }
}


/// A commit in JSON: `{commit_sha, subject, author, commit_time}`.
public struct CommitJSON: Encodable, Sendable {
    public var commit_sha: String
    public var subject: String
    public var author: String
    public var commit_time: String

    public init(_ commit: CommitSummary) {
        commit_sha = commit.sha
        subject = commit.subject
        author = commit.author
        commit_time = Timestamp.format(commit.time)
    }
}

/// A commit of `bench log --json` and `/api/commits`: the commit's fields, then its snapshots.
public struct LoggedCommitJSON: Encodable, Sendable {
    public var commit: CommitJSON
    public var snapshots: [SnapshotJSON]

    /// The commit; with `metric`, each snapshot keeps only that metric.
    public init(_ entry: LoggedCommit, metric: String? = nil) {
        commit = CommitJSON(entry.commit)
        snapshots = entry.snapshots.map { snapshot in
            var json = SnapshotJSON(snapshot)
            if let metric { json.metrics = json.metrics.filter { $0.key == metric } }
            return json
        }
    }

    enum Keys: String, CodingKey { case snapshots }

    public func encode(to encoder: Encoder) throws {
        try commit.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        try container.encode(snapshots, forKey: .snapshots)
    }
}
