/// Typed reads from a parsed JSON document with errors that name the field and place.
extension JSONNode {
    func failure(_ field: String, _ message: String, hint: String? = nil) -> FormatError {
        FormatError(line: line, column: column, field: field, message: message,
                    hint: hint ?? "check that the file is complete output of the tool it names")
    }

    /// The member `key`, which must exist.
    func required(_ key: String, _ path: String) throws(FormatError) -> JSONNode {
        guard let child = self[key] else { throw failure(path + key, "is missing") }
        return child
    }

    /// A finite number.
    func finiteNumber(_ field: String) throws(FormatError) -> Double {
        guard case .number(let number) = value else {
            throw failure(field, "expected a number, found \(kindName)")
        }
        guard number.isFinite else { throw failure(field, "is not a finite number") }
        return number
    }

    /// A string.
    func text(_ field: String) throws(FormatError) -> String {
        guard case .string(let text) = value else { throw failure(field, "expected a string, found \(kindName)") }
        return text
    }

    /// An array's elements.
    func elements(_ field: String) throws(FormatError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw failure(field, "expected an array, found \(kindName)") }
        return elements
    }

    /// An object's members.
    func members(_ field: String) throws(FormatError) -> [(key: String, value: JSONNode)] {
        guard case .object(let members) = value else { throw failure(field, "expected an object, found \(kindName)") }
        return members
    }

    /// Whether this is an object with every one of these keys.
    func has(_ keys: String...) -> Bool { keys.allSatisfy { self[$0] != nil } }
}
