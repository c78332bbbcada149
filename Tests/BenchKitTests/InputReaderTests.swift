import BenchKit
import Foundation
import Testing

/// `InputReader.read` gives a file's or a pipe's bytes exactly, whatever their length: a
/// file is read into one buffer of its size, a pipe into one that doubles.
@Suite struct InputReaderTests {
    static func bytes(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) } }

    @Test(arguments: [0, 1, 700, 65_536, 200_001])
    func aFileReadsAsWritten(count: Int) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(Self.bytes(count)).write(to: URL(fileURLWithPath: path))
        #expect(try InputReader.read(path) == Self.bytes(count))
    }

    @Test(arguments: [0, 65_536, 200_001])
    func aPipeReadsAsWritten(count: Int) throws {
        // A FIFO is what `<(tool)` hands over: no size known until its writer closes it.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)").path
        #expect(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = Self.bytes(count)
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            handle.write(Data(written))
            try? handle.close()
        }
        writer.start()
        #expect(try InputReader.read(path) == written)
    }
}
