import BenchCore
import BenchKit
import Foundation

/// The stable JSON shapes of the read commands (documented in the README).
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
    var created_at: String
    var last_updated_at: String
    var metrics: [String: Double]
    var units: [String: String]?
    var samples: [String: [Double]]?

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
        created_at = Timestamp.format(snapshot.createdAt)
        last_updated_at = Timestamp.format(snapshot.lastUpdatedAt)
        metrics = Dictionary(uniqueKeysWithValues: snapshot.metrics.map { ($0.name, $0.metric.value) })
        let unitPairs = snapshot.metrics.compactMap { metric in metric.metric.unit.map { (metric.name, $0) } }
        units = unitPairs.isEmpty ? nil : Dictionary(uniqueKeysWithValues: unitPairs)
        let samplePairs = snapshot.metrics.compactMap { metric in metric.metric.samples.map { (metric.name, $0) } }
        samples = samplePairs.isEmpty ? nil : Dictionary(uniqueKeysWithValues: samplePairs)
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
