/// Input that bench cannot accept, with where it is (file, line, column, field)
/// and what to do about it.
public struct FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    /// The result format being read (`google-benchmark`, …), when not bench-json.
    public var format: String?
    public var line: Int?
    public var column: Int?
    public var field: String?
    public var message: String
    public var hint: String?

    public init(file: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil,
                message: String, hint: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: field: message`, leaving out what is unknown.
    public var description: String {
        var place = file ?? ""
        if let line { place += (place.isEmpty ? "line " : ":") + "\(line)" }
        if let column { place += ":\(column)" }
        var text = place.isEmpty ? "" : place + ": "
        if let format { text += "\(format): " }
        if let field { text += "\(field): " }
        return text + message
    }

    /// The same error, said of a format.
    public func inFormat(_ name: String) -> FormatError {
        var copy = self
        if copy.format == nil { copy.format = name }
        return copy
    }

    /// The same error, said of a file.
    public func inFile(_ name: String) -> FormatError {
        var copy = self
        copy.file = name
        return copy
    }
}
