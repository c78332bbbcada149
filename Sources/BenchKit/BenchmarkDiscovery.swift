import BenchCore
import Foundation

/// A `[[benchmark]]` entry `bench init` proposes for what it recognised in the project.
public struct DiscoveredBenchmark: Sendable, Equatable, Encodable {
    public var name: String
    public var command: String
    public var format: ResultFormat
    /// Where it was found, in words ("pytest-benchmark tests in tests/test_speed.py").
    public var reason: String

    /// The entry as bench.toml text, with a comment saying where it came from.
    public var toml: String {
        """
        # \(reason)
        [[benchmark]]
        name = \(Self.quoted(name))
        command = \(Self.quoted(command))
        format = "\(format.rawValue)"

        """
    }

    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// Looks at a project for benchmarks bench can run and read: pytest-benchmark tests,
/// `go test -bench` packages, `cargo bench` targets, Google Benchmark and Catch2 binaries
/// built by CMake, hyperfine commands in scripts and Makefiles, and scripts that print bench-json.
/// Reads files only (a few levels deep, skipping dependencies and build output); runs nothing.
public struct BenchmarkDiscovery {
    let root: String
    /// How deep below the root to look, and how much of each file to read.
    let depth = 4
    let readLimit = 256 * 1024
    static let skipped: Set<String> = [".git", "node_modules", "target", ".build", "build", "dist", "vendor", "venv", ".venv",
                                       "__pycache__", ".tox", ".mypy_cache", "third_party", "external", "deps"]

    public init(root: String) { self.root = root }

    public func discover() -> [DiscoveredBenchmark] {
        let files = listFiles()
        var found: [DiscoveredBenchmark] = []
        found += pytest(files)
        found += goTest(files)
        found += cargo(files)
        found += googleBenchmark(files)
        found += catch2(files)
        found += hyperfine(files)
        found += benchJSON(files)
        // One entry per name: the first reason wins.
        var names: Set<String> = []
        return found.filter { names.insert($0.name).inserted }
    }

    /// Paths relative to the root, sorted.
    func listFiles() -> [String] {
        var files: [String] = []
        func walk(_ relative: String, level: Int) {
            let directory = relative.isEmpty ? root : root + "/" + relative
            guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
            for entry in entries.sorted() {
                let path = relative.isEmpty ? entry : relative + "/" + entry
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    if level < depth, !Self.skipped.contains(entry), !entry.hasPrefix(".") { walk(path, level: level + 1) }
                } else {
                    files.append(path)
                }
            }
        }
        walk("", level: 0)
        return files
    }

    func read(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: root + "/" + path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: readLimit) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func base(_ path: String) -> String { (path as NSString).lastPathComponent }
    static func directory(_ path: String) -> String { (path as NSString).deletingLastPathComponent }

    private func pytest(_ files: [String]) -> [DiscoveredBenchmark] {
        let tests = files.filter { path in
            let name = Self.base(path)
            return name.hasSuffix(".py") && (name.hasPrefix("test_") || name.hasSuffix("_test.py"))
                && (read(path).map { $0.contains("benchmark(") || $0.contains("benchmark.pedantic") || $0.contains("mark.benchmark") } ?? false)
        }
        guard let first = tests.first else { return [] }
        let list = tests.count == 1 ? first : "\(first) and \(tests.count - 1) more"
        return [DiscoveredBenchmark(name: "pytest", command: "python3 -m pytest --benchmark-only --benchmark-json={output} -q",
                                    format: .pytestBenchmark, reason: "pytest-benchmark tests in \(list)")]
    }

    private func goTest(_ files: [String]) -> [DiscoveredBenchmark] {
        let packages = Set(files.filter { $0.hasSuffix("_test.go") && (read($0)?.contains("func Benchmark") ?? false) }.map(Self.directory))
        guard !packages.isEmpty else { return [] }
        let sorted = packages.sorted()
        let target = sorted.count == 1 ? (sorted[0].isEmpty ? "." : "./" + sorted[0]) : "./..."
        let list = sorted.map { $0.isEmpty ? "." : $0 }.joined(separator: ", ")
        return [DiscoveredBenchmark(name: "go", command: "go test -run '^$' -bench . -benchmem \(target)",
                                    format: .goTest, reason: "go benchmarks (func Benchmark…) in \(list)")]
    }

    private func cargo(_ files: [String]) -> [DiscoveredBenchmark] {
        let manifests = files.filter { Self.base($0) == "Cargo.toml" }
        for manifest in manifests {
            let directory = Self.directory(manifest)
            let text = read(manifest) ?? ""
            let hasBenches = text.contains("[[bench]]") || files.contains { $0.hasPrefix(directory.isEmpty ? "benches/" : directory + "/benches/") }
            guard hasBenches else { continue }
            let usesCriterion = text.contains("criterion")
            let command = "cargo bench" + (directory.isEmpty ? "" : " --manifest-path \(manifest)")
                + (usesCriterion ? " -- --output-format bencher" : "")
            return [DiscoveredBenchmark(name: "cargo", command: command, format: .criterion,
                                        reason: "cargo bench targets in \(manifest)" + (usesCriterion ? " (criterion)" : ""))]
        }
        return []
    }

    /// `add_executable(NAME …)` in a CMakeLists.txt that links Google Benchmark.
    private func googleBenchmark(_ files: [String]) -> [DiscoveredBenchmark] {
        files.filter { Self.base($0) == "CMakeLists.txt" }.flatMap { path -> [DiscoveredBenchmark] in
            guard let text = read(path), text.contains("benchmark::benchmark") || text.contains("find_package(benchmark") else { return [] }
            let directory = Self.directory(path)
            return Self.executables(in: text).filter { $0.localizedCaseInsensitiveContains("bench") }.map { target in
                let binary = "build/" + (directory.isEmpty ? "" : directory + "/") + target
                return DiscoveredBenchmark(name: target, command: "./\(binary) --benchmark_format=json",
                                           format: .googleBenchmark,
                                           reason: "Google Benchmark executable \(target) in \(path) (built with: cmake -B build && cmake --build build)")
            }
        }
    }

    /// `add_executable(NAME …)` in a CMakeLists.txt that links Catch2, when the sources beside
    /// it hold `BENCHMARK(` (Catch2's benchmarks run only with the XML reporter's timings).
    private func catch2(_ files: [String]) -> [DiscoveredBenchmark] {
        files.filter { Self.base($0) == "CMakeLists.txt" }.flatMap { path -> [DiscoveredBenchmark] in
            guard let text = read(path), text.contains("Catch2::Catch2") else { return [] }
            let directory = Self.directory(path)
            let sources = files.filter { file in
                (directory.isEmpty || file.hasPrefix(directory + "/")) && [".cpp", ".cc", ".cxx"].contains { file.hasSuffix($0) }
            }
            guard sources.contains(where: { read($0)?.contains("BENCHMARK(") ?? false }) else { return [] }
            return Self.executables(in: text).filter { target in
                // The executable that links Catch2: its target_link_libraries line names both.
                text.components(separatedBy: "\n").contains { $0.contains("target_link_libraries(\(target)") && $0.contains("Catch2::") }
            }.map { target in
                let binary = "build/" + (directory.isEmpty ? "" : directory + "/") + target
                return DiscoveredBenchmark(name: target, command: "./\(binary) --reporter xml", format: .catch2,
                                           reason: "Catch2 benchmarks in executable \(target) of \(path) (built with: cmake -B build && cmake --build build)")
            }
        }
    }

    static func executables(in cmake: String) -> [String] {
        cmake.components(separatedBy: "add_executable(").dropFirst().compactMap { rest in
            rest.split(whereSeparator: { $0 == " " || $0 == ")" || $0 == "\n" || $0 == "\t" }).first.map(String.init)
        }.filter { !$0.hasPrefix("$") }
    }

    /// A `hyperfine …` line in a shell script, Makefile or justfile.
    private func hyperfine(_ files: [String]) -> [DiscoveredBenchmark] {
        let scripts = files.filter { path in
            let name = Self.base(path)
            return name.hasSuffix(".sh") || name == "Makefile" || name == "makefile" || name == "GNUmakefile" || name == "justfile"
        }
        var found: [DiscoveredBenchmark] = []
        for path in scripts {
            guard let text = read(path) else { continue }
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "@hyperfine", with: "hyperfine")
                // Make and shell variables would not be expanded in bench.toml.
                guard trimmed.hasPrefix("hyperfine "), !trimmed.contains("$("), !trimmed.contains("${") else { continue }
                // Its own export flags go: bench names the file.
                var words = trimmed.components(separatedBy: " ")
                if let index = words.firstIndex(where: { $0 == "--export-json" }), index + 1 < words.count { words.removeSubrange(index...(index + 1)) }
                words = words.filter { !$0.hasPrefix("--export-json=") }
                let command = words.joined(separator: " ") + " --export-json {output}"
                let name = found.isEmpty ? "hyperfine" : "hyperfine-\(found.count + 1)"
                found.append(DiscoveredBenchmark(name: name, command: command, format: .hyperfine, reason: "hyperfine command in \(path)"))
            }
        }
        return found
    }

    /// A script that prints bench-json (mentions model_version and metrics).
    private func benchJSON(_ files: [String]) -> [DiscoveredBenchmark] {
        let interpreters = ["py": "python3", "sh": "sh", "js": "node", "rb": "ruby"]
        return files.compactMap { path -> DiscoveredBenchmark? in
            let ext = (path as NSString).pathExtension
            guard let interpreter = interpreters[ext], !Self.base(path).hasPrefix("test_"),
                  let text = read(path), text.contains("model_version"), text.contains("metrics") else { return nil }
            let name = (Self.base(path) as NSString).deletingPathExtension
            return DiscoveredBenchmark(name: name, command: "\(interpreter) \(path)", format: .benchJSON,
                                       reason: "\(path) prints bench-json (model_version, metrics)")
        }
    }
}
