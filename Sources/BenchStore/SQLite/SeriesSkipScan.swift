import BenchCore

/// The two statements of `SQLiteStore.series`' skip scan over the series index
/// `(model, dataset, prompt, environment, branch, snapshot_version)`: the first matching
/// entry, then the first one past a series' newest possible version.
///
/// The fields a filter sets from the index's first column on (`model_version = ?`, then
/// `dataset_version = ?`…) are equalities the index seeks to; the step past a series compares
/// a row value of the columns after them, so that SQLite seeks to it. (Written as a row value
/// over all six columns beside `model_version = ?`, SQLite seeks to the model and reads every
/// version of it, each step.) A field set after a gap (`--branch` alone) is written `+column`,
/// which keeps the planner on the series index rather than reading and sorting every
/// snapshot of the branch by its own index.
struct SeriesSkipScan {
    /// The series columns, in the index's order.
    static let columns = ["model_version", "dataset_version", "prompt_version", "environment", "branch_name"]

    /// How many of the leading columns the filter sets: the equalities the index seeks to.
    let leading: Int
    /// The filter's values, bound first (?1, ?2…).
    let values: [String]
    /// The first matching series.
    let first: String
    /// The next matching series after one: its columns after the leading ones and
    /// `Int64.max` as the version are bound after `values`.
    let next: String

    init(_ filter: SeriesFilter) {
        let given = [filter.modelVersion, filter.datasetVersion, filter.promptVersion, filter.environment, filter.branchName]
        leading = given.firstIndex(where: { $0 == nil }) ?? given.count
        var clauses: [String] = [], values: [String] = []
        for (index, value) in given.enumerated() {
            guard let value else { continue }
            values.append(value)
            clauses.append("\(index < leading ? "" : "+")\(Self.columns[index]) = ?\(values.count)")
        }
        self.values = values
        let rest = Array(Self.columns.dropFirst(leading)) + ["snapshot_version"]
        let after = "(\(rest.joined(separator: ", "))) > (\(rest.indices.map { "?\(values.count + $0 + 1)" }.joined(separator: ", ")))"
        let select = "SELECT \(Self.columns.joined(separator: ", ")) FROM benchmark_snapshots WHERE "
        let order = " ORDER BY \(Self.columns.joined(separator: ", ")), snapshot_version LIMIT 1"
        first = select + (clauses.isEmpty ? "1" : clauses.joined(separator: " AND ")) + order
        next = select + (clauses + [after]).joined(separator: " AND ") + order
    }
}
