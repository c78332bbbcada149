import BenchTestSupport
import Foundation
import Testing

/// `bench import` reports its progress on a terminal (for a long import) or with
/// `--progress`, and adds nothing to a pipe otherwise.
@Suite struct ImportProgressTests {
    /// A file of `count` results of `clf` at HEAD, each with its own time.
    static func results(_ box: Sandbox, _ count: Int) throws -> String {
        let rows = (0..<count).map { index in
            "{\"model_version\": \"clf\", \"created_at\": \"2026-01-01T00:00:00Z\", \"run_id\": \"r\(index)\", \"metrics\": {\"f1\": \(Double(index % 100) / 100)}}"
        }
        return try box.resultFile("[" + rows.joined(separator: ",\n") + "]", name: "many.json")
    }

    @Test func aPipeGetsOnlyTheSummary() throws {
        let box = try Sandbox(committing: "first")
        let result = try box.bench("import", try Self.results(box, 12_000))
        #expect(result.status == 0)
        #expect(result.stdout == "imported 12000 runs into 1 series\n")
        #expect(result.stderr.isEmpty)
    }

    @Test func theFlagReportsProgressOnAPipe() throws {
        let box = try Sandbox(committing: "first")
        let result = try box.bench("import", "--progress", try Self.results(box, 12_000))
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("importing: 10000 of 12000 runs") == true, "\(result.stderr)")
        #expect(lines.last?.hasPrefix("importing: 12000 of 12000 runs") == true)
        #expect(result.stdout == "imported 12000 runs into 1 series\n")
    }

    @Test func aTerminalSeesALongImportProgress() throws {
        let box = try Sandbox(committing: "first")
        let file = try Self.results(box, 12_000)
        let result = try ProcessRunner.run("/usr/bin/script", ["-qec", "\(BenchBinary.path) import \(file)", "/dev/null"], in: box.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("importing: 12000 of 12000 runs"))
        #expect(result.stdout.contains("imported 12000 runs into 1 series"))
        let short = try Sandbox(committing: "first")
        let few = try ProcessRunner.run("/usr/bin/script", ["-qec", "\(BenchBinary.path) import \(try Self.results(short, 10))", "/dev/null"], in: short.path)
        #expect(!few.stdout.contains("importing:"), "a short import says only what it did")
    }
}
