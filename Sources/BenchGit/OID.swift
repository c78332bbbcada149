import CGit2

/// A git object id, copied out of libgit2 memory as its 40-character hex form.
public struct OID: Sendable, Hashable, CustomStringConvertible {
    /// The full hex sha.
    public let hex: String

    init(_ raw: git_oid) {
        var copy = raw
        var buffer = [UInt8](repeating: 0, count: 40)
        buffer.withUnsafeMutableBufferPointer { out in
            out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: 40) { _ = git_oid_fmt($0, &copy) }
        }
        hex = String(decoding: buffer, as: UTF8.self)
    }

    /// Reads a full 40-character hex sha; nil for anything else.
    public init?(hex: String) {
        guard hex.count == 40, hex.allSatisfy(\.isHexDigit) else { return nil }
        self.hex = hex.lowercased()
    }

    var raw: git_oid {
        var oid = git_oid()
        _ = git_oid_fromstr(&oid, hex)
        return oid
    }

    /// The first 7 characters, as `git log --oneline` shows.
    public var short: String { String(hex.prefix(7)) }

    public var description: String { hex }
}
