/// An XML element as the result formats need it: name, attributes in written order, child
/// elements and the text directly inside, with the line it starts on for error messages.
public struct XMLElementNode: Sendable, Equatable {
    public var name: String
    public var attributes: [(key: String, value: String)]
    public var children: [XMLElementNode]
    public var text: String
    public var line: Int

    public static func == (lhs: XMLElementNode, rhs: XMLElementNode) -> Bool {
        lhs.name == rhs.name && lhs.children == rhs.children && lhs.text == rhs.text && lhs.line == rhs.line
            && lhs.attributes.map(\.key) == rhs.attributes.map(\.key) && lhs.attributes.map(\.value) == rhs.attributes.map(\.value)
    }

    /// The attribute of that name.
    public subscript(attribute: String) -> String? { attributes.first { $0.key == attribute }?.value }

    /// Every element below this one (children first, in document order), this one excluded.
    public func descendants(named name: String) -> [XMLElementNode] {
        var found: [XMLElementNode] = []
        var stack = Array(children.reversed())
        while let element = stack.popLast() {
            if element.name == name { found.append(element) }
            stack += element.children.reversed()
        }
        return found
    }

    /// The first child element of that name.
    public func child(_ name: String) -> XMLElementNode? { children.first { $0.name == name } }
}

/// A small non-validating XML reader (elements, attributes, text, CDATA, comments, the
/// five named entities and character references) over UTF-8 bytes, with the line of the
/// first error. It reads what test and benchmark tools write; DTDs are skipped, never used.
public struct XMLReader {
    private let text: [UInt8]
    private var index = 0
    private var line = 1
    private static let maxDepth = 256

    /// Parses one document and returns its root element.
    public static func parse(_ bytes: [UInt8]) throws(FormatError) -> XMLElementNode {
        var reader = XMLReader(text: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        return try reader.document()
    }

    private init(text: [UInt8]) { self.text = text }

    private func error(_ message: String) -> FormatError {
        FormatError(line: line, message: "malformed XML: " + message, hint: "give the file as the tool wrote it, complete")
    }

    private func at(_ literal: String) -> Bool {
        let bytes = Array(literal.utf8)
        return index + bytes.count <= text.count && text[index..<index + bytes.count].elementsEqual(bytes)
    }

    private mutating func advance() {
        if text[index] == UInt8(ascii: "\n") { line += 1 }
        index += 1
    }

    /// Skips past `end`, which must come.
    private mutating func skip(past end: String, what: String) throws(FormatError) {
        while index < text.count {
            if at(end) { index += end.utf8.count; return }
            advance()
        }
        throw error("\(what) is not closed")
    }

    private mutating func skipSpace() {
        while index < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[index]) { advance() }
    }

    /// Skips comments, processing instructions and declarations before or after the root.
    private mutating func skipMisc() throws(FormatError) {
        while true {
            skipSpace()
            if at("<!--") { try skip(past: "-->", what: "a comment") }
            else if at("<?") { try skip(past: "?>", what: "a processing instruction") }
            else if at("<!") { try skip(past: ">", what: "a declaration") }
            else { return }
        }
    }

    private mutating func document() throws(FormatError) -> XMLElementNode {
        try skipMisc()
        guard index < text.count else { throw error("the input is empty") }
        guard text[index] == UInt8(ascii: "<") else { throw error("expected an element, found text") }
        let root = try element()
        try skipMisc()
        if index < text.count { throw error("content after the root element") }
        return root
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || [UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":")].contains(byte)
    }

    private mutating func name() throws(FormatError) -> String {
        let start = index
        while index < text.count, Self.isNameByte(text[index]) { index += 1 }
        guard index > start else { throw error("expected a name") }
        return String(decoding: text[start..<index], as: UTF8.self)
    }

    /// One element and everything in it; open elements are kept on a stack, not the call stack.
    private mutating func element() throws(FormatError) -> XMLElementNode {
        var open: [XMLElementNode] = []
        while true {
            // At "<" of a start tag.
            let startLine = line
            index += 1
            var element = XMLElementNode(name: try name(), attributes: [], children: [], text: "", line: startLine)
            var selfClosing = false
            while true {
                skipSpace()
                guard index < text.count else { throw error("the tag <\(element.name)> is not closed") }
                if at("/>") { index += 2; selfClosing = true; break }
                if text[index] == UInt8(ascii: ">") { index += 1; break }
                let key = try name()
                skipSpace()
                guard index < text.count, text[index] == UInt8(ascii: "=") else { throw error("attribute \(key) has no value") }
                index += 1
                skipSpace()
                guard index < text.count, text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'") else {
                    throw error("the value of attribute \(key) is not quoted")
                }
                let quote = text[index]
                index += 1
                let start = index
                while index < text.count, text[index] != quote {
                    guard text[index] != UInt8(ascii: "<") else { throw error("'<' in the value of attribute \(key)") }
                    advance()
                }
                guard index < text.count else { throw error("the value of attribute \(key) is not closed") }
                let value = try decodeEntities(text[start..<index])
                index += 1
                guard !element.attributes.contains(where: { $0.key == key }) else { throw error("attribute \(key) appears twice") }
                element.attributes.append((key, value))
            }
            if !selfClosing {
                guard open.count < Self.maxDepth else { throw error("elements are nested more than \(Self.maxDepth) deep") }
                open.append(element)
            } else if open.isEmpty {
                return element
            } else {
                open[open.count - 1].children.append(element)
            }
            // Content until the next start tag, or end tags closing what is open.
            while true {
                let start = index
                while index < text.count, text[index] != UInt8(ascii: "<") { advance() }
                guard index < text.count else { throw error("<\(open.last?.name ?? "?")> is not closed") }
                if index > start { open[open.count - 1].text += try decodeEntities(text[start..<index]) }
                if at("<!--") { try skip(past: "-->", what: "a comment"); continue }
                if at("<![CDATA[") {
                    index += 9
                    let begin = index
                    try skip(past: "]]>", what: "a CDATA section")
                    open[open.count - 1].text += String(decoding: text[begin..<index - 3], as: UTF8.self)
                    continue
                }
                if at("<?") { try skip(past: "?>", what: "a processing instruction"); continue }
                if at("</") {
                    index += 2
                    let closing = try name()
                    skipSpace()
                    guard index < text.count, text[index] == UInt8(ascii: ">") else { throw error("the end tag </\(closing)> is not closed") }
                    index += 1
                    let finished = open.removeLast()
                    guard finished.name == closing else { throw error("</\(closing)> closes <\(finished.name)>") }
                    if open.isEmpty { return finished }
                    open[open.count - 1].children.append(finished)
                    continue
                }
                break
            }
        }
    }

    private func decodeEntities(_ slice: ArraySlice<UInt8>) throws(FormatError) -> String {
        guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
        var output = ""
        var position = slice.startIndex
        while position < slice.endIndex {
            guard let ampersand = slice[position...].firstIndex(of: UInt8(ascii: "&")) else {
                output += String(decoding: slice[position...], as: UTF8.self)
                break
            }
            output += String(decoding: slice[position..<ampersand], as: UTF8.self)
            guard let semicolon = slice[ampersand...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else {
                throw error("'&' that starts no entity")
            }
            let entity = String(decoding: slice[(ampersand + 1)..<semicolon], as: UTF8.self)
            switch entity {
            case "lt": output += "<"
            case "gt": output += ">"
            case "amp": output += "&"
            case "quot": output += "\""
            case "apos": output += "'"
            default:
                let code: UInt32? = entity.hasPrefix("#x") ? UInt32(entity.dropFirst(2), radix: 16)
                    : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                guard let code, let scalar = Unicode.Scalar(code) else { throw error("unknown entity &\(entity);") }
                output.unicodeScalars.append(scalar)
            }
            position = semicolon + 1
        }
        return output
    }
}
