import BenchCore
import BenchKit
import Foundation

/// The stable JSON shapes of the read commands (documented in the README). Every key is
/// always present: absent values are `null`, absent units and samples `{}`.
struct SnapshotJSON: Encodable {
    var model_version: String
    var dataset_version: String
    var prompt_version: String
    var environment: String
    var branch_name: String
    var snapshot_version: Int
    var commit_sha: String
    var commit_time: String?
    var model_provider: String?
    var transaction_id: String
    var is_current: Bool
    var is_baseline: Bool
    var is_active: Bool
    var inactive_reason: String?
    var created_at: String
    var last_updated_at: String
    var metrics: [String: Double]
    var units: [String: String]
    var samples: [String: [Double]]

    enum CodingKeys: String, CodingKey {
        case model_version, dataset_version, prompt_version, environment, branch_name, snapshot_version, commit_sha,
             commit_time, model_provider, transaction_id, is_current, is_baseline, is_active, inactive_reason, created_at, last_updated_at,
             metrics, units, samples
    }

    func encode(to encoder: Encoder) throws {
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
    }

    init(_ snapshot: Snapshot) {
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
    }
}

struct ActionJSON: Encodable {
    var transaction_id: String
    var action: String
    var snapshot_version: Int?
    var triggered_by: String?
    var created_at: String

    init(_ entry: AuditEntry) {
        transaction_id = entry.id
        action = entry.kind.rawValue
        snapshot_version = entry.snapshotVersion
        triggered_by = entry.provenance.triggeredBy
        created_at = Timestamp.format(entry.createdAt)
    }
}

enum JSONOutput {
    /// Prints a value as pretty JSON with sorted keys.
    static func print<T: Encodable>(_ value: T) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return }
        Terminal.out(String(decoding: data, as: UTF8.self))
    }
}
