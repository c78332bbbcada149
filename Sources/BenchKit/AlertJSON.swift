import BenchCore
import Foundation

/// An alert as `bench alerts --json` and `/api/alerts` print it (documented in the README).
/// Every key is always present; absent values are `null`.
public struct AlertJSON: Encodable, Sendable {
    public var id: Int64
    public var status: String
    public var reason: String?
    public var note: String?
    public var series: String
    public var model_version: String
    public var dataset_version: String
    public var prompt_version: String
    public var environment: String
    public var branch_name: String
    public var metric: String
    public var unit: String?
    public var direction: String
    public var baseline: Double
    public var value: Double
    public var limit: Double
    public var change_percent: Double?
    public var model: String
    public var good_sha: String
    public var commit_sha: String
    public var commit_subject: String
    public var commit_author: String
    public var snapshot_version: Int
    public var testbed: String?
    public var opened_at: String
    public var updated_at: String
    public var resolved_at: String?
    public var resolved_sha: String?
    public var resolved_value: Double?
    public var bisect: String

    public init(_ alert: Alert) {
        id = alert.id
        status = alert.status.rawValue
        reason = alert.reason?.rawValue
        note = alert.note
        series = alert.series.description
        model_version = alert.series.modelVersion
        dataset_version = alert.series.datasetVersion
        prompt_version = alert.series.promptVersion
        environment = alert.series.environment
        branch_name = alert.series.branchName
        metric = alert.metric
        unit = alert.unit
        direction = alert.direction.rawValue
        baseline = alert.baseline
        value = alert.value
        limit = alert.limit
        change_percent = alert.changePercent
        model = alert.model
        good_sha = alert.goodSha
        commit_sha = alert.commitSha
        commit_subject = alert.commitSubject
        commit_author = alert.commitAuthor
        snapshot_version = alert.version
        testbed = alert.testbed
        opened_at = Timestamp.format(alert.openedAt)
        updated_at = Timestamp.format(alert.updatedAt)
        resolved_at = alert.resolvedAt.map(Timestamp.format)
        resolved_sha = alert.resolvedSha
        resolved_value = alert.resolvedValue
        bisect = BisectHint.command(good: alert.goodSha, bad: alert.commitSha, metric: alert.metric)
    }

    enum CodingKeys: String, CodingKey {
        case id, status, reason, note, series, model_version, dataset_version, prompt_version, environment, branch_name, metric, unit,
             direction, baseline, value, limit, change_percent, model, good_sha, commit_sha, commit_subject, commit_author,
             snapshot_version, testbed, opened_at, updated_at, resolved_at, resolved_sha, resolved_value, bisect
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(reason, forKey: .reason)
        try container.encode(note, forKey: .note)
        try container.encode(series, forKey: .series)
        try container.encode(model_version, forKey: .model_version)
        try container.encode(dataset_version, forKey: .dataset_version)
        try container.encode(prompt_version, forKey: .prompt_version)
        try container.encode(environment, forKey: .environment)
        try container.encode(branch_name, forKey: .branch_name)
        try container.encode(metric, forKey: .metric)
        try container.encode(unit, forKey: .unit)
        try container.encode(direction, forKey: .direction)
        try container.encode(baseline, forKey: .baseline)
        try container.encode(value, forKey: .value)
        try container.encode(limit, forKey: .limit)
        try container.encode(change_percent, forKey: .change_percent)
        try container.encode(model, forKey: .model)
        try container.encode(good_sha, forKey: .good_sha)
        try container.encode(commit_sha, forKey: .commit_sha)
        try container.encode(commit_subject, forKey: .commit_subject)
        try container.encode(commit_author, forKey: .commit_author)
        try container.encode(snapshot_version, forKey: .snapshot_version)
        try container.encode(testbed, forKey: .testbed)
        try container.encode(opened_at, forKey: .opened_at)
        try container.encode(updated_at, forKey: .updated_at)
        try container.encode(resolved_at, forKey: .resolved_at)
        try container.encode(resolved_sha, forKey: .resolved_sha)
        try container.encode(resolved_value, forKey: .resolved_value)
        try container.encode(bisect, forKey: .bisect)
    }
}
