import BenchCore
import Foundation

/// How the two stores spell the same SQL: parameters (`?1` in SQLite, `$1` in PostgreSQL),
/// booleans (`1`/`0` against `TRUE`/`FALSE`) and timestamps read back as text. What both
/// stores write alike (the series filter, the SELECT lists their row decoders read) is
/// written once on top of it.
enum SQLDialect {
    case sqlite
    case postgres

    /// The placeholder of the `number`th parameter, counting from 1.
    func parameter(_ number: Int) -> String {
        switch self {
        case .sqlite: "?\(number)"
        case .postgres: "$\(number)"
        }
    }

    /// A boolean literal.
    func literal(_ value: Bool) -> String {
        switch self {
        case .sqlite: value ? "1" : "0"
        case .postgres: value ? "TRUE" : "FALSE"
        }
    }

    /// The condition that a boolean column is set. SQLite spells out `= 1`, which is what its
    /// partial indexes (`WHERE is_current = 1`) are declared with, so the planner can use them.
    func isSet(_ column: String) -> String {
        switch self {
        case .sqlite: "\(column) = 1"
        case .postgres: column
        }
    }

    /// A timestamp column as the text `Timestamp.format` writes (SQLite stores that text;
    /// PostgreSQL prints its `timestamptz` in the same form, in UTC).
    func timestamp(_ column: String) -> String {
        switch self {
        case .sqlite: column
        case .postgres: "to_char(\(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
        }
    }

    /// The WHERE condition of a series filter: every field the filter sets, compared with a
    /// parameter numbered from `firstParameter`. `prefix` qualifies the columns (`s.`; `+s.`
    /// keeps SQLite off the series index). A filter that sets nothing matches every row.
    func condition(_ filter: SeriesFilter, prefix: String = "", firstParameter: Int = 1) -> SQLCondition {
        var clauses: [String] = []
        var values: [String] = []
        let fields: [(String, String?)] = [("model_version", filter.modelVersion), ("dataset_version", filter.datasetVersion),
                                           ("prompt_version", filter.promptVersion), ("environment", filter.environment),
                                           ("branch_name", filter.branchName)]
        for (column, value) in fields {
            guard let value else { continue }
            clauses.append("\(prefix)\(column) = \(parameter(firstParameter + values.count))")
            values.append(value)
        }
        return SQLCondition(sql: clauses.isEmpty ? literal(true) : clauses.joined(separator: " AND "), values: values)
    }

    /// The WHERE condition of audit rows: the series filter's, then rows written at or after
    /// `since` and of one of `kinds`, when given.
    func condition(_ filter: SeriesFilter, since: Date?, kinds: Set<TransactionKind>?) -> SQLCondition {
        var condition = condition(filter)
        if let since {
            condition.values.append(Timestamp.format(since))
            condition.sql += " AND created_at >= \(parameter(condition.values.count))" + (self == .postgres ? "::timestamptz" : "")
        }
        if let kinds {
            let names = kinds.map(\.rawValue).sorted()
            let placeholders = names.indices.map { parameter(condition.values.count + $0 + 1) }
            condition.values += names
            condition.sql += names.isEmpty ? " AND \(literal(false))" : " AND transaction_type IN (\(placeholders.joined(separator: ", ")))"
        }
        return condition
    }

    /// The condition that selects exactly one series, its five values bound from `firstParameter`.
    func condition(_ series: SeriesKey, prefix: String = "", firstParameter: Int = 1) -> SQLCondition {
        condition(SeriesFilter(series), prefix: prefix, firstParameter: firstParameter)
    }
}

/// A WHERE condition and the text values of its parameters, in order.
struct SQLCondition {
    var sql: String
    var values: [String]
}
