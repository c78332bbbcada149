import Foundation

/// One result read from the input: what was measured, and optionally where it came from.
/// Provenance fields are set by imports and exports; `bench record` fills the rest from git.
public struct BenchResult: Sendable, Equatable {
    public var modelVersion: String
    public var datasetVersion: String?
    public var promptVersion: String?
    public var modelProvider: String?
    public var metrics: [NamedMetric]

    public var commitSha: String?
    public var branchName: String?
    public var environment: String?
    public var runId: String?
    public var triggeredBy: String?
    public var tags: [String]?
    public var notes: String?
    public var datasetSize: Int?
    public var durationSeconds: Double?
    public var createdAt: Date?
    /// The audit row's id, when the input came from `bench export`; importing it twice is refused.
    public var transactionId: String?
    /// Whether the run measured a work tree with uncommitted changes (from an export).
    public var isDirty: Bool?
    /// The testbed that measured it (from an export); `bench record` stamps this machine's when absent.
    public var testbed: String?

    public init(modelVersion: String, datasetVersion: String? = nil, promptVersion: String? = nil,
                modelProvider: String? = nil, metrics: [NamedMetric]) {
        self.modelVersion = modelVersion
        self.datasetVersion = datasetVersion
        self.promptVersion = promptVersion
        self.modelProvider = modelProvider
        self.metrics = metrics
    }
}

extension BenchResult {
    /// The series this result belongs to when recorded in `environment` on `branch`.
    public func series(environment: String, branch: String) -> SeriesKey {
        SeriesKey(modelVersion: modelVersion, datasetVersion: datasetVersion ?? "", promptVersion: promptVersion ?? "",
                  environment: environment, branchName: branch)
    }
}
