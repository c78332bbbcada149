import BenchCore
import Testing

/// The importer's list of runs: it must read, write, sort and take back elements as an
/// array does, across the boundaries of its chunks (4,096 elements each).
@Suite struct ChunkedArrayTests {
    @Test(arguments: [0, 1, 4_095, 4_096, 4_097, 10_000])
    func itHoldsWhatAnArrayHolds(count: Int) {
        let array = (0..<count).map { $0 * 7 % 1_000 }
        let chunked = ChunkedArray(array)
        #expect(chunked.count == count)
        #expect(Array(chunked) == array)
        #expect(chunked.indices == array.indices)
        if count > 0 { #expect(chunked[count - 1] == array[count - 1]) }
    }

    @Test func elementsAreWrittenInPlaceAndSortedAsAnArrayIs() {
        var array = (0..<9_000).map { ($0 * 7_919) % 9_001 }
        var chunked = ChunkedArray(array)
        chunked[4_096] = -1
        array[4_096] = -1
        #expect(Array(chunked) == array)
        chunked.sort()
        #expect(Array(chunked) == array.sorted())
        chunked.reverse()
        #expect(Array(chunked) == array.sorted().reversed())
    }

    @Test(arguments: [(9_000, 8_192), (9_000, 4_096), (9_000, 4_095), (9_000, 0), (100, 100), (5_000, 4_097)])
    func truncatingKeepsTheFirstElementsAndAppendingGoesOn(count: Int, kept: Int) {
        var chunked = ChunkedArray(0..<count)
        chunked.truncate(to: kept)
        #expect(Array(chunked) == Array(0..<kept))
        for value in 0..<5_000 { chunked.append(-value) }
        #expect(Array(chunked) == Array(0..<kept) + (0..<5_000).map { -$0 })
        #expect(chunked.count == kept + 5_000)
    }
}
