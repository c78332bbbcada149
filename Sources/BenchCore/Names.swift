/// Rules every name bench stores must follow: model, dataset, prompt, metric, branch,
/// environment and tag names.
public enum Names {
    /// The longest name accepted, in characters.
    public static let maxLength = 200

    /// Throws when the name is empty, too long, or holds control characters.
    public static func validate(_ name: String, field: String) throws(FormatError) {
        if name.isEmpty {
            throw FormatError(field: field, message: "is empty", hint: "give \(field) a non-empty name")
        }
        if name.count > maxLength {
            throw FormatError(field: field, message: "is \(name.count) characters long; the limit is \(maxLength)",
                              hint: "shorten the name to \(maxLength) characters or fewer")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw FormatError(field: field, message: "contains a control character",
                              hint: "remove tabs, newlines and other control characters from the name")
        }
    }
}
