import BenchCore
import Foundation
import Testing

/// `make fuzz` fuzzes one target per directory of `Fuzz/corpus`: every parser needs one.
@Suite struct FuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    @Test(arguments: ResultFormat.allCases.filter { $0 != .time }.map(\.rawValue) + ["hook-stdin", "bench-toml"])
    func everyParserHasASeededCorpus(target: String) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.appendingPathComponent(target).path)
        #expect(files.contains { $0.hasPrefix("seed-") }, "Fuzz/corpus/\(target) has no seed-* input")
    }

    @Test func theCommittedCorpusStaysSmall() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.corpus, includingPropertiesForKeys: [.fileSizeKey]))
        var bytes = 0
        for case let file as URL in files { bytes += try file.resourceValues(forKeys: [.fileSizeKey]).fileSize ?? 0 }
        #expect(bytes < 1_000_000, "Fuzz/corpus holds \(bytes) bytes; `make fuzz-merge` keeps only inputs that add coverage")
    }
}
