import Foundation

/// One row of a `PostgresResult`, read by column name. libpq hands every value over as text.
struct PostgresRow: StoreRow {
    let result: PostgresResult
    let index: Int

    /// The index of `column` in the result.
    private func column(_ name: String) -> Int {
        guard let column = result.column(name) else { preconditionFailure("the query selects no column named \(name)") }
        return column
    }

    func isNull(_ column: String) -> Bool { result.isNull(index, self.column(column)) }
    func int(_ column: String) -> Int64 { result.int(index, self.column(column)) }
    func optionalInt(_ column: String) -> Int64? { optionalText(column).flatMap { Int64($0) } }
    func double(_ column: String) -> Double { optionalDouble(column) ?? 0 }
    func optionalDouble(_ column: String) -> Double? { result.double(index, self.column(column)) }
    func text(_ column: String) -> String { result.string(index, self.column(column)) }
    func optionalText(_ column: String) -> String? { result.text(index, self.column(column)) }
    func bool(_ column: String) -> Bool { result.bool(index, self.column(column)) }

    /// A `text[]` as PostgreSQL prints it: `{a,"b c","d\"e"}`.
    func strings(_ column: String) -> [String] { Self.parseArray(text(column)) }

    /// A `double precision[]` as PostgreSQL prints it: `{1,2.5}`.
    func optionalNumbers(_ column: String) -> [Double]? {
        optionalText(column).map { text in
            text.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").compactMap { Double($0) }
        }
    }

    /// Reads a text[] as PostgreSQL prints it: {a,"b c","d\"e"}.
    static func parseArray(_ text: String) -> [String] {
        guard text.count >= 2 else { return [] }
        var items: [String] = []
        var current = ""
        var quoted = false, escaped = false, any = false
        for character in text.dropFirst().dropLast() {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); any = true
            case "," where !quoted:
                items.append(current); current = ""; any = false
            default: current.append(character); any = true
            }
        }
        if any || !current.isEmpty { items.append(current) }
        return items
    }
}

@available(*, unavailable, message: "a row holds a result used from one task")
extension PostgresRow: Sendable {}
