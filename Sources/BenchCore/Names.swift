/// Rules every name bench stores must follow: model, dataset, prompt, metric, branch,
/// environment and tag names.
public enum Names {
    /// The longest name accepted, in characters.
    public static let maxLength = 200

    /// Whether the scalar reorders text on screen (Unicode's bidirectional controls): a name
    /// holding one can show in a table as something it is not. A switch, not a Set, so that no
    /// hashed collection's first use is paid at start-up.
    static func isBidirectionalControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Throws when the name is empty or only white space, too long, or holds control
    /// characters (bidirectional controls included).
    public static func validate(_ name: String, field: String) throws(FormatError) {
        // Printable ASCII with a letter, digit or sign in it (nearly every name): none of the
        // checks below can fail, and an import checks several names per result.
        let utf8 = name.utf8
        if utf8.count <= maxLength, utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), utf8.contains(where: { $0 != 0x20 }) { return }
        if name.isEmpty {
            throw FormatError(field: field, message: "is empty", hint: "give \(field) a non-empty name")
        }
        if name.allSatisfy(\.isWhitespace) {
            throw FormatError(field: field, message: "is only white space", hint: "give \(field) a name with letters or digits")
        }
        if name.count > maxLength {
            throw FormatError(field: field, message: "is \(name.count) characters long; the limit is \(maxLength)",
                              hint: "shorten the name to \(maxLength) characters or fewer")
        }
        if let bidi = name.unicodeScalars.first(where: isBidirectionalControl) {
            let code = "U+" + String(bidi.value, radix: 16, uppercase: true).leftPadded(to: 4)
            throw FormatError(field: field, message: "contains a bidirectional control character (\(code))",
                              hint: "remove it: it reorders the text around it on screen")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw FormatError(field: field, message: "contains a control character",
                              hint: "remove tabs, newlines and other control characters from the name")
        }
    }

    /// Whether a metric's name says it measures something that cannot be negative: a time,
    /// a latency, a duration, a cost, memory or a size.
    public static func isNonNegativeQuantity(_ metric: String) -> Bool {
        // An ASCII name (nearly every one) is searched as it is, letters folded byte by byte:
        // an import asks this of every metric of every result.
        var name = metric
        if let found = name.withUTF8({ (bytes) -> Bool? in
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
            return quantityBytes.contains { occurs($0, inASCII: bytes) }
        }) {
            return found
        }
        let lowered = metric.lowercased()
        return quantityWords.contains { lowered.utf8.contains(bytes: $0.utf8) }
    }

    /// Whether the lower-case ASCII `word` occurs in `bytes`, whatever the case of its letters there.
    private static func occurs(_ word: [UInt8], inASCII bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count <= bytes.count else { return false }
        search: for start in 0...(bytes.count - word.count) {
            for (offset, letter) in word.enumerated() {
                let byte = bytes[start + offset]
                guard (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) == letter else { continue search }
            }
            return true
        }
        return false
    }

    private static let quantityBytes = quantityWords.map { Array($0.utf8) }

    private static let quantityWords = ["latency", "time", "duration", "cost", "memory", "bytes", "size", "rss", "allocs", "seconds",
                                        "_ms", "_ns", "_us", "/op"]
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
