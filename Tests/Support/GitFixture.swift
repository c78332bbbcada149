import Foundation

/// A real git repository in a fresh temporary directory, built with the `git` CLI.
public final class GitFixture: @unchecked Sendable {
    /// The work tree (or the bare repository's directory).
    public let path: String
    /// The temporary directory that holds it, removed on deinit.
    public let root: String
    private var clock = 1_700_000_000

    /// Creates a repository with `main` checked out (bare when asked).
    public init(bare: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bench-test-\(UUID().uuidString)").path
        path = root + "/repo"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(bare ? ["init", "-q", "--bare", "-b", "main"] : ["init", "-q", "-b", "main"])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Runs git in the repository (or in `directory`) and returns its trimmed output; throws on failure.
    @discardableResult
    public func git(_ arguments: [String], in directory: String? = nil) throws -> String {
        let result = try gitResult(arguments, in: directory)
        guard result.status == 0 else {
            throw FixtureError("git \(arguments.joined(separator: " ")) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git and returns how it ended, whatever the status (hooks may refuse a push).
    /// `bench` is on PATH, so installed hooks find it.
    public func gitResult(_ arguments: [String], in directory: String? = nil, environment extra: [String: String] = [:],
                          input: String? = nil) throws -> ProcessResult {
        clock += 60
        var environment = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"] + BenchBinary.ciVariables { environment[key] = nil }
        environment["GIT_AUTHOR_NAME"] = "Test Author"
        environment["GIT_AUTHOR_EMAIL"] = "author@example.com"
        environment["GIT_COMMITTER_NAME"] = "Test Author"
        environment["GIT_COMMITTER_EMAIL"] = "author@example.com"
        environment["GIT_AUTHOR_DATE"] = "@\(clock) +0000"
        environment["GIT_COMMITTER_DATE"] = "@\(clock) +0000"
        environment["BENCH_DATABASE_URL"] = nil
        environment["USER"] = "tester"
        let benchDirectory = (BenchBinary.path as NSString).deletingLastPathComponent
        environment["PATH"] = benchDirectory + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        for (key, value) in extra { environment[key] = value }
        return try ProcessRunner.run("/usr/bin/env", ["git"] + arguments, in: directory ?? path, environment: environment, input: input)
    }

    /// Writes a file in the work tree.
    public func write(_ name: String, _ text: String) throws {
        let file = path + "/" + name
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    }

    /// Commits a change to `file.txt` (or `file`) and returns the new commit's full sha.
    @discardableResult
    public func commit(_ subject: String, file: String = "file.txt") throws -> String {
        try write(file, subject + "\n")
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", subject])
        return try git(["rev-parse", "HEAD"])
    }

    /// Makes `count` commits and returns their shas, oldest first.
    public func commits(_ count: Int, prefix: String = "commit") throws -> [String] {
        try (1...count).map { try commit("\(prefix) \($0)") }
    }

    /// The full sha of a revision.
    public func sha(_ revision: String) throws -> String { try git(["rev-parse", revision]) }
}

public struct FixtureError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension GitFixture {
    /// Writes a linear history on `main` in one `git fast-import`: commit i sets each file
    /// to `files(i)`; subjects are `commit i`. Returns the shas, oldest first. Fast enough for
    /// the 1000-commit repositories bisect needs.
    public func importHistory(count: Int, files: (Int) -> [String: String]) throws -> [String] {
        var stream = ""
        for index in 0..<count {
            let message = "commit \(index)"
            stream += "commit refs/heads/main\nmark :\(index + 1)\n"
            stream += "author Test Author <author@example.com> \(1_700_000_000 + index * 60) +0000\n"
            stream += "committer Test Author <author@example.com> \(1_700_000_000 + index * 60) +0000\n"
            stream += "data \(message.utf8.count)\n\(message)\n"
            if index > 0 { stream += "from :\(index)\n" }
            for (name, content) in files(index).sorted(by: { $0.key < $1.key }) {
                stream += "M 100755 inline \(name)\ndata \(content.utf8.count)\n\(content)\n"
            }
        }
        let result = try gitResult(["fast-import", "--quiet"], input: stream)
        guard result.status == 0 else { throw FixtureError("fast-import failed: \(result.stderr)") }
        try git(["checkout", "-q", "-f", "main"])
        let log = try git(["rev-list", "--reverse", "main"])
        return log.split(separator: "\n").map(String.init)
    }
}
