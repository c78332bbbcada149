/// A guard in front of TOMLKit 0.6, whose toml++ (3.4) asserts (aborts the process) instead
/// of reporting two kinds of syntax error, found by `make fuzz`:
/// - a table header whose name starts with a character no key starts with (`[}`,
///   `[[[1]]]`, a `[` alone on its line; fixed upstream in marzer/tomlplusplus#301);
/// - a date with no time after its `T` or space (`when = 1979-05-27T:`, `when = 1979-05-27 3`);
/// - an array whose next value starts with `}` or a Unicode line separator (`n = [}`).
/// All are errors in any document, so reporting them first changes no verdict.
///
/// The scan follows TOML's lexical structure far enough to know where headers and values
/// start: strings of the four kinds, comments, `=`, and the brackets of arrays and inline tables.
enum TOMLPrecheck {
    /// The first such error: where (1-based line and column), and what to say.
    struct Problem: Equatable {
        var line: Int
        var column: Int
        var message: String
        var hint: String
    }

    private enum Container { case array, table }

    static func firstProblem(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        var index = scalars.first == "\u{FEFF}" ? 1 : 0 // toml++ skips a byte-order mark
        var open: [Container] = []
        var statementStart = true
        var expectingValue = false
        while index < scalars.count {
            let scalar = scalars[index]
            // toml++ takes whatever else comes where an array's next value should start for a value.
            if expectingValue, open.last == .array, "}\u{85}\u{2028}\u{2029}".unicodeScalars.contains(scalar) {
                return problem(scalars, index, "expected a value or ']' in the array", hint: "close the array with ']'")
            }
            switch scalar {
            case "\n":
                statementStart = open.isEmpty
                index += 1
            case " ", "\t", "\r":
                index += 1
            case "#":
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "\"", "'":
                index = endOfString(scalars, from: index)
                (statementStart, expectingValue) = (false, false)
            case "[" where open.isEmpty && statementStart:
                if let bad = badHeaderName(scalars, header: index) {
                    return problem(scalars, bad, "expected a table name after '['", hint: "name the table, e.g. [metrics] or [[benchmark]]")
                }
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            case "[", "{":
                open.append(scalar == "[" ? .array : .table)
                (statementStart, expectingValue) = (false, scalar == "[")
                index += 1
            case "]", "}":
                _ = open.popLast()
                (statementStart, expectingValue) = (false, false)
                index += 1
            case "=", ",":
                (statementStart, expectingValue) = (false, scalar == "=" || open.last == .array)
                index += 1
            default:
                let end = endOfBareToken(scalars, from: index)
                if expectingValue, let bad = dateWithoutTime(scalars, at: index) {
                    return problem(scalars, bad, "expected a time such as 07:32:00 after the date",
                                   hint: "write a date-time such as 1979-05-27T07:32:00Z, or the date alone")
                }
                (statementStart, expectingValue) = (false, false)
                index = max(end, index + 1)
            }
        }
        return nil
    }

    /// The index of a header's first name character when toml++ would assert on it.
    private static func badHeaderName(_ scalars: [Unicode.Scalar], header: Int) -> Int? {
        var index = header + 1
        func skipBlanks() -> Bool {
            let start = index
            while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 }
            return index > start
        }
        let blanks = skipBlanks()
        if index < scalars.count, scalars[index] == "[" {
            if blanks { return nil } // "[ [": toml++ reports the brackets apart
            index += 1
            _ = skipBlanks()
        }
        guard index < scalars.count else { return nil }
        let first = scalars[index]
        let startsKey = isDigit(first) || ("a"..."z").contains(first) || ("A"..."Z").contains(first) || "_-\"']".unicodeScalars.contains(first)
        return startsKey ? nil : index
    }

    /// Where the time should start when the value at `start` is a date followed by `T` and
    /// no digit, or by a space and a lone digit: toml++ asserts on both instead of reporting them.
    private static func dateWithoutTime(_ scalars: [Unicode.Scalar], at start: Int) -> Int? {
        func digit(_ index: Int) -> Bool { index < scalars.count && isDigit(scalars[index]) }
        guard digit(start) else { return nil }
        // `1979-05-27T`: toml++ reads the date, then expects a digit.
        let time = start + 11
        if time <= scalars.count, isDate(Array(scalars[start..<time - 1])), "Tt".unicodeScalars.contains(scalars[time - 1]), !digit(time) {
            return time
        }
        // `1979-05-27 3`: toml++ looks past a space when the value has 10 characters (not
        // counting `_`) with `-` 5th and 8th, whatever the others are, and asserts when a
        // lone digit follows.
        var end = start
        while end < scalars.count, !" \t\n\r\u{0B}\u{0C}]},#".unicodeScalars.contains(scalars[end]) { end += 1 }
        let characters = scalars[start..<end].filter { $0 != "_" }
        guard characters.count == 10, characters[4] == "-", characters[7] == "-",
              end < scalars.count, scalars[end] == " ", digit(end + 1), !digit(end + 2) else { return nil }
        return end + 1
    }

    /// Whether ten scalars read `DDDD-DD-DD`.
    private static func isDate(_ scalars: [Unicode.Scalar]) -> Bool {
        scalars.count == 10 && scalars.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 ? $0.element == "-" : isDigit($0.element) }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// The end of a bare key or value: the next blank, comment, quote, bracket, `=` or `,`.
    private static func endOfBareToken(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        var index = start
        while index < scalars.count, !" \t\r\n#\"'[]{}=,".unicodeScalars.contains(scalars[index]) { index += 1 }
        return index
    }

    /// The index just past the string starting at `start` (or the end of the line or text
    /// where an unterminated one stops).
    private static func endOfString(_ scalars: [Unicode.Scalar], from start: Int) -> Int {
        let quote = scalars[start]
        let basic = quote == "\""
        if start + 2 < scalars.count, scalars[start + 1] == quote, scalars[start + 2] == quote {
            var index = start + 3
            while index < scalars.count {
                if basic, scalars[index] == "\\" { index += 2; continue }
                if scalars[index] == quote {
                    var run = 0
                    while index < scalars.count, scalars[index] == quote { run += 1; index += 1 }
                    if run >= 3 { return index }
                    continue
                }
                index += 1
            }
            return scalars.count
        }
        var index = start + 1
        while index < scalars.count, scalars[index] != "\n" {
            if basic, scalars[index] == "\\" { index += 2; continue }
            if scalars[index] == quote { return index + 1 }
            index += 1
        }
        return index
    }

    private static func problem(_ scalars: [Unicode.Scalar], _ index: Int, _ message: String, hint: String) -> Problem {
        let before = scalars[..<index]
        let lineStart = before.lastIndex(of: "\n").map { $0 + 1 } ?? 0
        return Problem(line: before.filter { $0 == "\n" }.count + 1, column: index - lineStart + 1, message: message, hint: hint)
    }
}
