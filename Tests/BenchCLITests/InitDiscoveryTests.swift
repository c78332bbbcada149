import BenchCore
import BenchTestSupport
import Foundation
import Testing

/// `bench init` proposes `[[benchmark]]` entries for what a project already has.
@Suite struct InitDiscoveryTests {
    /// A project with one of each kind bench recognises.
    static func project() throws -> Sandbox {
        let box = try Sandbox()
        try box.fixture.write("tests/test_speed.py", "def test_sort(benchmark):\n    benchmark(sorted, [3, 1, 2])\n")
        try box.fixture.write("tests/test_plain.py", "def test_nothing():\n    assert True\n")
        try box.fixture.write("pkg/sort/sort_test.go", "package sort\n\nimport \"testing\"\n\nfunc BenchmarkSort(b *testing.B) {}\n")
        try box.fixture.write("Cargo.toml", "[package]\nname = \"app\"\n\n[dev-dependencies]\ncriterion = \"0.5\"\n\n[[bench]]\nname = \"parse\"\nharness = false\n")
        try box.fixture.write("CMakeLists.txt", "find_package(benchmark REQUIRED)\nadd_executable(app main.cpp)\nadd_executable(sort_bench bench/sort.cpp)\ntarget_link_libraries(sort_bench benchmark::benchmark)\n")
        try box.fixture.write("perf/CMakeLists.txt", "find_package(Catch2 3 REQUIRED)\nadd_executable(perf_tests bench.cpp)\ntarget_link_libraries(perf_tests PRIVATE Catch2::Catch2WithMain)\n")
        try box.fixture.write("perf/bench.cpp", "#include <catch2/catch_test_macros.hpp>\nTEST_CASE(\"sort\") { BENCHMARK(\"sort 100\") { return 1; }; }\n")
        try box.fixture.write("Makefile", "perf:\n\thyperfine --warmup 3 'sleep 0.01' --export-json out.json\n\t@hyperfine $(BIN)\n")
        try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": 0.9}}'\n")
        try box.fixture.git(["add", "-A"])
        try box.fixture.git(["commit", "-q", "-m", "project"])
        return box
    }

    @Test func aNewBenchTomlGetsWhatWasFoundAndTheHooksAreOnlyOffered() throws {
        let box = try Self.project()
        let result = try box.bench("init")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Found 7 benchmark(s)"), "\(result.stdout)")
        #expect(result.stdout.contains("wrote \(box.path)/bench.toml with 7 benchmark(s)"))
        // Without a terminal nothing is asked, and the hooks stay as they are.
        #expect(!result.stdout.contains("[Y/n]"))
        #expect(result.stdout.contains("next: `bench hooks install`"))
        #expect(!FileManager.default.fileExists(atPath: box.path + "/.git/hooks/pre-push"))

        let toml = try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8)
        for line in ["# pytest-benchmark tests in tests/test_speed.py",
                     "command = \"python3 -m pytest --benchmark-only --benchmark-json={output} -q\"", "format = \"pytest-benchmark\"",
                     "command = \"go test -run '^$' -bench . -benchmem ./pkg/sort\"", "format = \"go-test\"",
                     "command = \"cargo bench -- --output-format bencher\"", "format = \"criterion\"",
                     "name = \"sort_bench\"", "command = \"./build/sort_bench --benchmark_format=json\"", "format = \"google-benchmark\"",
                     "name = \"perf_tests\"", "command = \"./build/perf/perf_tests --reporter xml\"", "format = \"catch2\"",
                     "command = \"hyperfine --warmup 3 'sleep 0.01' --export-json {output}\"", "format = \"hyperfine\"",
                     "name = \"eval\"", "command = \"sh eval.sh\"", "format = \"bench-json\""] {
            #expect(toml.contains(line), "missing: \(line)")
        }
        #expect(!toml.contains("name = \"app\""), "an executable that is not a benchmark is left out")
        #expect(!toml.contains("$(BIN)"), "a line with a make variable is left out")
        // What was written works as written: the bench-json script runs and is recorded.
        let run = try box.bench("run", "eval")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try box.counts()?.transactions == 1)
    }

    @Test func anExistingBenchTomlIsKeptUnlessTheUserAgrees() throws {
        let box = try Self.project()
        let original = "[[benchmark]]\nname = \"mine\"\ncommand = \"sh eval.sh\"\n"
        try box.fixture.write("bench.toml", original)
        let kept = try box.bench("init")
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout.contains("Found 6 benchmark(s)"), "the script bench.toml already runs is not proposed again: \(kept.stdout)")
        #expect(kept.stdout.contains("`bench init --yes` adds them"))
        #expect(try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8) == original)

        let agreed = try box.bench("init", "--yes")
        #expect(agreed.status == 0, "\(agreed.stderr)")
        #expect(agreed.stdout.contains("added 6 benchmark(s)"))
        #expect(agreed.stdout.contains("installed pre-push"))
        let toml = try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8)
        #expect(toml.hasPrefix(original))
        #expect(toml.contains("format = \"go-test\""))
        let status = try box.bench("hooks", "status")
        #expect(status.stdout.contains(BenchBinary.path), "\(status.stdout)")

        let again = try box.bench("init", "--yes")
        #expect(again.status == 0)
        #expect(!again.stdout.contains("Found"), "nothing new to propose: \(again.stdout)")
        #expect(try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8) == toml)
    }

    @Test func anEmptyProjectGetsTheTemplate() throws {
        let box = try Sandbox()
        try box.fixture.commit("c1")
        let result = try box.bench("init")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("Found"))
        #expect(result.stdout.contains("wrote \(box.path)/bench.toml\n"))
        let toml = try String(contentsOfFile: box.path + "/bench.toml", encoding: .utf8)
        // No benchmark was found: the [[benchmark]] tables are only the template's commented examples.
        #expect(!toml.split(separator: "\n").contains { $0.hasPrefix("[[benchmark]]") })
        #expect(toml.contains("# [[benchmark]]"))
    }
}
