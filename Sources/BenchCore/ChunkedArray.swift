/// A list that grows in chunks of a fixed size: appending never moves what it holds.
///
/// An `Array` that outgrows its storage copies itself into storage twice the size, so for
/// a moment it needs room for three times what it holds: 100,000 imported runs took 80 MB
/// at that moment (a `bench import` peaked at 138 MB). Here each chunk is reserved once
/// and filled in place. Positions count from 0, as an array's do.
public struct ChunkedArray<Element>: RandomAccessCollection, MutableCollection {
    private var chunks: [[Element]] = []
    public private(set) var count = 0

    /// Elements per chunk: 2^12.
    private static var shift: Int { 12 }
    private static var chunkSize: Int { 1 << shift }

    public init() {}

    public init(_ elements: some Sequence<Element>) {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> Element {
        get {
            precondition(position >= 0 && position < count, "index out of range")
            return chunks[position >> Self.shift][position & (Self.chunkSize - 1)]
        }
        set {
            precondition(position >= 0 && position < count, "index out of range")
            chunks[position >> Self.shift][position & (Self.chunkSize - 1)] = newValue
        }
    }

    public mutating func append(_ element: Element) {
        if count & (Self.chunkSize - 1) == 0 {
            var chunk: [Element] = []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(element)
        count += 1
    }

    /// Keeps the first `length` elements and lets the rest go.
    public mutating func truncate(to length: Int) {
        precondition(length >= 0 && length <= count, "cannot truncate to \(length) of \(count) elements")
        while count > length {
            let last = chunks.count - 1
            let drop = Swift.min(chunks[last].count, count - length)
            chunks[last].removeLast(drop)
            if chunks[last].isEmpty { chunks.removeLast() }
            count -= drop
        }
    }
}

extension ChunkedArray: Sendable where Element: Sendable {}

extension ChunkedArray: Equatable where Element: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.elementsEqual(rhs) }
}
