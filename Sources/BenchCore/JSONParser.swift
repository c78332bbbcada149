/// A strict JSON parser (RFC 8259) over UTF-8 bytes that reports the line and column of
/// the first error. Numbers that overflow to infinity are kept, so validation can refuse them
/// by name.
public struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private static let maxDepth = 256

    /// Parses one JSON document; throws `FormatError` with line and column.
    public static func parse(_ bytes: [UInt8]) throws(FormatError) -> JSONNode {
        var parser = JSONParser(document: bytes)
        guard parser.index < bytes.count else { throw parser.error("the input is empty", hint: "give a JSON object or an array of objects") }
        let node = try parser.parseValue()
        try parser.expectEnd()
        return node
    }

    /// Parses a document whose root is an array, handing each element to `body` as soon as it
    /// is parsed instead of keeping it: a file of 100,000 results is never one tree. Returns
    /// the number of elements, or nil when the root is not an array (then nothing was handed
    /// over). Throws what `parse` throws for the same input, or what `body` throws.
    public static func forEachElement(_ bytes: [UInt8], _ body: (JSONNode) throws(FormatError) -> Void) throws(FormatError) -> Int? {
        var parser = JSONParser(document: bytes)
        guard parser.index < bytes.count, bytes[parser.index] == UInt8(ascii: "[") else { return nil }
        let count = try parser.parseArray(handing: body)
        try parser.expectEnd()
        return count
    }

    /// A parser at the start of a document's value: past a UTF-8 byte-order mark (tolerated,
    /// as editors write one) and white space.
    private init(document bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3; lineStart = 3 }
        skipWhitespace()
    }

    /// Nothing but white space may follow the document's value.
    private mutating func expectEnd() throws(FormatError) {
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the JSON value") }
    }

    private var column: Int { index - lineStart + 1 }

    private func error(_ message: String, hint: String? = nil) -> FormatError {
        FormatError(line: line, column: column, message: "malformed JSON: " + message,
                    hint: hint ?? "fix the JSON at that line and column, then run the command again")
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "character '\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    private mutating func parseValue() throws(FormatError) -> JSONNode {
        skipWhitespace()
        guard index < bytes.count else { throw error("unexpected end of input, expected a value") }
        let (startLine, startColumn) = (line, column)
        let value: JSONNode.Value
        switch bytes[index] {
        case UInt8(ascii: "{"): value = try parseObject()
        case UInt8(ascii: "["): value = try parseArray()
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expectWord("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expectWord("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expectWord("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
        default: throw error("unexpected \(describeCurrent()), expected a value")
        }
        return JSONNode(value: value, line: startLine, column: startColumn)
    }

    private mutating func expectWord(_ word: String) throws(FormatError) {
        for expected in word.utf8 {
            guard index < bytes.count, bytes[index] == expected else {
                throw error("unexpected \(describeCurrent()), expected '\(word)'")
            }
            index += 1
        }
    }

    private mutating func enter() throws(FormatError) {
        depth += 1
        if depth > Self.maxDepth { throw error("nesting deeper than \(Self.maxDepth) levels") }
    }

    private mutating func parseObject() throws(FormatError) -> JSONNode.Value {
        try enter()
        defer { depth -= 1 }
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()), expected a quoted key")
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()), expected ':' after key \"\(key)\"")
            }
            index += 1
            let value = try parseValue()
            if members.contains(where: { $0.key == key }) {
                throw FormatError(line: value.line, column: value.column, field: key,
                                  message: "malformed JSON: duplicate key \"\(key)\"", hint: "keep one value per key")
            }
            members.append((key, value))
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("unexpected \(describeCurrent()), expected ',' or '}'")
        }
    }

    private mutating func parseArray() throws(FormatError) -> JSONNode.Value {
        var elements: [JSONNode] = []
        _ = try parseArray { (element) throws(FormatError) in elements.append(element) }
        return .array(elements)
    }

    /// An array, each element handed to `body` in order; returns how many there were.
    private mutating func parseArray(handing body: (JSONNode) throws(FormatError) -> Void) throws(FormatError) -> Int {
        try enter()
        defer { depth -= 1 }
        index += 1
        var count = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return count }
        while true {
            try body(try parseValue())
            count += 1
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input, expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return count }
            throw error("unexpected \(describeCurrent()), expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(FormatError) -> String {
        index += 1
        // The common case, a string without escapes: one validated copy of its bytes.
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                guard let text = String(validating: bytes[start..<index - 1], as: UTF8.self) else { throw error("the string is not valid UTF-8") }
                return text
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { break }
            index += 1
        }
        index = start
        return try parseEscapedString()
    }

    /// The rest of a string (after its opening quote) that holds escapes or must fail.
    private mutating func parseEscapedString() throws(FormatError) -> String {
        var scalars = String.UnicodeScalarView()
        var chunkStart = index
        var utf8: [UInt8] = []
        func flush(_ parser: JSONParser, upTo end: Int) { utf8.append(contentsOf: parser.bytes[chunkStart..<end]) }
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                flush(self, upTo: index)
                index += 1
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("the string is not valid UTF-8") }
                scalars.append(contentsOf: text.unicodeScalars)
                return String(scalars)
            }
            if byte < 0x20 { throw error("control character in a string; escape it (\\n, \\t, \\u00XX)") }
            if byte == UInt8(ascii: "\\") {
                flush(self, upTo: index)
                guard let text = String(validating: utf8, as: UTF8.self) else { throw error("the string is not valid UTF-8") }
                scalars.append(contentsOf: text.unicodeScalars)
                utf8.removeAll()
                index += 1
                guard index < bytes.count else { throw error("unterminated string") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"): scalars.append(try parseUnicodeEscape())
                default: index -= 1; throw error("invalid escape '\\\(Character(UnicodeScalar(escape)))'")
                }
                chunkStart = index
                continue
            }
            index += 1
        }
    }

    private mutating func parseHex4() throws(FormatError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
        var result: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = hexValue(bytes[index]) else { throw error("invalid hex digit in \\u escape") }
            result = result * 16 + digit
            index += 1
        }
        return result
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func parseUnicodeEscape() throws(FormatError) -> Unicode.Scalar {
        let high = try parseHex4()
        if (0xD800...0xDBFF).contains(high) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("lone surrogate in \\u escape")
            }
            index += 2
            let low = try parseHex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair in \\u escape") }
            return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
        }
        guard let scalar = Unicode.Scalar(high) else { throw error("lone surrogate in \\u escape") }
        return scalar
    }

    private mutating func parseNumber() throws(FormatError) -> Double {
        let start = index
        func digits(_ parser: inout JSONParser) -> Int {
            let from = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw error("unexpected end of input in a number") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw error("unexpected \(describeCurrent()) in a number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if digits(&self) == 0 { throw error("expected a digit after the decimal point") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            if digits(&self) == 0 { throw error("expected a digit in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text) else { throw error("unreadable number '\(text)'") }
        return number
    }
}
