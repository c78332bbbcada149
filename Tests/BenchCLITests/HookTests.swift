import BenchTestSupport
import Foundation
import Testing

/// Real hooks: a clone with bench's hooks pushing to a bare remote in a temp dir.
@Suite struct HookTests {
    /// A clone whose benchmark prints f1 from `score.txt`, with a bare remote `origin`.
    struct Setup {
        let box: Sandbox
        let remote: GitFixture

        init(config extra: String = "", install: Bool = true) throws {
            box = try Sandbox()
            remote = try GitFixture(bare: true)
            try box.fixture.git(["remote", "add", "origin", remote.path])
            try box.fixture.write("eval.sh", "printf '{\"model_version\": \"clf\", \"metrics\": {\"f1\": %s}}' \"$(cat score.txt)\"\n")
            try box.fixture.write("score.txt", "0.90\n")
            try box.fixture.write("bench.toml", """
            [[benchmark]]
            name = "clf"
            command = "sh eval.sh"
            \(extra)
            """)
            try box.fixture.git(["add", "-A"])
            try box.fixture.git(["commit", "-q", "-m", "c1: classifier at 0.90"])
            if install {
                let installed = try box.bench("hooks", "install")
                #expect(installed.status == 0, "\(installed.stderr)")
            }
        }

        func commitScore(_ score: String, _ subject: String) throws -> String {
            try box.fixture.write("score.txt", score + "\n")
            try box.fixture.git(["commit", "-q", "-am", subject])
            return try box.fixture.sha("HEAD")
        }

        func push(_ extra: [String] = [], environment: [String: String] = [:]) throws -> ProcessResult {
            try box.fixture.gitResult(["push", "-q", "origin", "main"] + extra, environment: environment)
        }

        func remoteMain() -> String? { try? remote.git(["rev-parse", "refs/heads/main"]) }
    }

    @Test func aGoodPushGoesAndARegressingOneIsRefused() throws {
        let setup = try Setup()
        let c1 = try setup.box.fixture.sha("HEAD")
        let first = try setup.push()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(setup.remoteMain() == c1)
        #expect(first.stderr.contains("nothing to compare with yet"))

        let better = try setup.commitScore("0.91", "c2: slightly better")
        #expect(try setup.push().status == 0)
        #expect(setup.remoteMain() == better)

        let worse = try setup.commitScore("0.80", "c3: tokenizer change")
        let refused = try setup.push()
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("REGRESSED"))
        #expect(refused.stderr.contains("f1"))
        #expect(refused.stderr.contains("push stopped"))
        #expect(refused.stderr.contains("BENCH_SKIP=1 git push"))
        #expect(setup.remoteMain() == better, "the remote ref is unchanged")
        // The pushed commit was measured once and recorded on its branch.
        let log = try setup.box.bench("log", "-n", "1", "--json")
        #expect(log.stdout.contains(worse))

        let skipped = try setup.push(environment: ["BENCH_SKIP": "1"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(setup.remoteMain() == worse)
    }

    /// A push of several commits is judged against what the remote had, not against the
    /// pushed commit's parent: a regression measured locally a commit earlier still counts.
    @Test func aRegressionAnywhereInThePushIsRefused() throws {
        let setup = try Setup()
        #expect(try setup.push().status == 0)
        let c1 = try setup.box.fixture.sha("HEAD")
        _ = try setup.commitScore("0.80", "c2: tokenizer change")
        let measured = try setup.box.bench("run")
        #expect(measured.status == 0, "\(measured.stderr)")
        try setup.box.fixture.write("README", "notes\n")
        try setup.box.fixture.git(["add", "README"])
        try setup.box.fixture.git(["commit", "-q", "-m", "c3: notes"])
        let refused = try setup.push()
        #expect(refused.status != 0, "\(refused.stderr)")
        #expect(refused.stderr.contains("REGRESSED"))
        #expect(refused.stderr.contains("main on the remote before this push (\(c1.prefix(7)))"))
        #expect(setup.remoteMain() == c1)
    }

    /// GUI git clients run hooks without the user's PATH: the hook calls the bench that
    /// installed it by its absolute path, even when that bench was found on PATH.
    @Test func theHookFindsBenchWithoutItOnPath() throws {
        let setup = try Setup(install: false)
        let benchDirectory = (BenchBinary.path as NSString).deletingLastPathComponent
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = benchDirectory + ":/usr/bin:/bin"
        environment["BENCH_DATABASE_URL"] = nil
        let installed = try ProcessRunner.run("/usr/bin/env", ["bench", "hooks", "install"], in: setup.box.path, environment: environment)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains(BenchBinary.path), "status names the bench the hooks call")

        #expect(try setup.push(environment: ["PATH": "/usr/bin:/bin"]).status == 0)
        _ = try setup.commitScore("0.70", "c2: worse")
        let refused = try setup.push(environment: ["PATH": "/usr/bin:/bin"])
        #expect(refused.status != 0, "\(refused.stderr)")
        #expect(refused.stderr.contains("push stopped"))
        #expect(!refused.stderr.contains("not on PATH"))
    }

    /// A clone whose bench is gone (uninstalled, or a teammate without it) still pushes, with
    /// one line saying the hook did nothing, and an earlier hook still runs first.
    @Test func aHookWhoseBenchIsGoneLetsThePushGoAndSaysSo() throws {
        let setup = try Setup(install: false)
        let hooks = setup.box.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let userHook = "#!/bin/sh\ncat > \"$(git rev-parse --git-dir)/user-hook-saw\"\n"
        #expect(FileManager.default.createFile(atPath: hooks + "/pre-push", contents: Data(userHook.utf8), attributes: [.posixPermissions: 0o755]))
        #expect(try setup.box.bench("hooks", "install").status == 0)
        let gone = ["PATH": "/usr/bin:/bin", "BENCH": setup.box.path + "/no-such-bench"]
        for chained in [true, false] {
            if !chained { try FileManager.default.removeItem(atPath: hooks + "/pre-push.bench-saved") }
            _ = try setup.commitScore(chained ? "0.9" : "0.8", "another commit")
            let pushed = try setup.push(environment: gone)
            #expect(pushed.status == 0, "\(pushed.stderr)")
            #expect(pushed.stderr.contains("bench: not on PATH; the pre-push hook did nothing"), "\(pushed.stderr)")
            #expect(setup.remoteMain() == (try setup.box.fixture.sha("HEAD")))
        }
        let saw = try String(contentsOfFile: setup.box.path + "/.git/user-hook-saw", encoding: .utf8)
        #expect(saw.contains("refs/heads/main"), "the earlier hook ran first with git's ref lines")
    }

    /// One slow run does not stop a push: the hook measures again and pools the runs; a
    /// real regression stays one after the reruns.
    @Test func theHookMeasuresAgainBeforeBlocking() throws {
        let setup = try Setup()
        #expect(try setup.push().status == 0)
        // The next measurement only flakes once: a marker outside the repository says it did.
        let marker = setup.box.fixture.root + "/flaked"
        try setup.box.fixture.write("eval.sh", """
        if [ ! -f \(marker) ]; then touch \(marker); score=0.70; else score=$(cat score.txt); fi
        printf '{"model_version": "clf", "metrics": {"f1": %s}}' "$score"

        """)
        try setup.box.fixture.git(["commit", "-q", "-am", "c2: same classifier, new script"])
        let flaky = try setup.push()
        #expect(flaky.status == 0, "\(flaky.stderr)")
        #expect(FileManager.default.fileExists(atPath: marker), "the first run did flake")
        let exported = try setup.box.bench("export", "--format", "json")
        #expect(exported.stdout.contains("re-measured 2 more time(s) before judging; 3 runs pooled"), "\(exported.stdout)")

        _ = try setup.commitScore("0.70", "c3: a real regression")
        let refused = try setup.push()
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("re-measured 2 more time(s) before deciding"))
        #expect(refused.stderr.contains("push stopped"))
    }

    @Test func noVerifyAndWarnPolicy() throws {
        let setup = try Setup(config: "\n[hooks]\npre-push = \"warn\"\n")
        #expect(try setup.push().status == 0)
        let worse = try setup.commitScore("0.70", "c2: worse")
        let warned = try setup.push()
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stderr.contains("REGRESSED"))
        #expect(warned.stderr.contains("pushing anyway"))
        #expect(setup.remoteMain() == worse)

        let strict = try Setup()
        #expect(try strict.push().status == 0)
        let bad = try strict.commitScore("0.70", "c2: worse")
        let forced = try strict.push(["--no-verify"])
        #expect(forced.status == 0)
        #expect(!forced.stderr.contains("REGRESSED"))
        #expect(strict.remoteMain() == bad)
    }

    @Test func aUsersHookStillRunsAndBlocksAndUninstallRestoresIt() throws {
        let setup = try Setup(install: false)
        let hooks = setup.box.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        let userHook = """
        #!/bin/sh
        # the team's own pre-push hook
        cat > "$(git rev-parse --git-dir)/user-hook-saw"
        [ -f BLOCK ] && { echo "user hook: blocked" >&2; exit 1; }
        exit 0

        """
        let hookPath = hooks + "/pre-push"
        #expect(FileManager.default.createFile(atPath: hookPath, contents: Data(userHook.utf8), attributes: [.posixPermissions: 0o750]))
        let installed = try setup.box.bench("hooks", "install")
        #expect(installed.status == 0)
        #expect(installed.stdout.contains("bench (runs your earlier hook first)"))

        #expect(try setup.push().status == 0)
        let saw = try String(contentsOfFile: setup.box.path + "/.git/user-hook-saw", encoding: .utf8)
        #expect(saw.contains("refs/heads/main"), "the user's hook got git's ref lines")
        try setup.box.fixture.write("BLOCK", "")
        _ = try setup.commitScore("0.95", "c2: better")
        let blocked = try setup.push()
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("user hook: blocked"))

        let uninstalled = try setup.box.bench("hooks", "uninstall")
        #expect(uninstalled.status == 0)
        #expect(try String(contentsOfFile: hookPath, encoding: .utf8) == userHook)
        let mode = try FileManager.default.attributesOfItem(atPath: hookPath)[.posixPermissions] as? Int
        #expect(mode == 0o750)
        #expect(!FileManager.default.fileExists(atPath: hookPath + ".bench-saved"))
        for name in ["post-merge", "post-rewrite"] { #expect(!FileManager.default.fileExists(atPath: hooks + "/" + name)) }
    }

    @Test func coreHooksPathIsHonoured() throws {
        let setup = try Setup(install: false)
        try setup.box.fixture.git(["config", "core.hooksPath", ".githooks"])
        let installed = try setup.box.bench("hooks", "install")
        #expect(installed.status == 0)
        #expect(FileManager.default.fileExists(atPath: setup.box.path + "/.githooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: setup.box.path + "/.git/hooks/pre-push"))
        #expect(try setup.box.bench("hooks", "status").stdout.contains(".githooks/pre-push"))
        #expect(try setup.push().status == 0)
        _ = try setup.commitScore("0.50", "c2: much worse")
        #expect(try setup.push().status != 0, "the hook in core.hooksPath ran")
    }

    @Test func mergeAndPullRecordSnapshots() throws {
        let setup = try Setup()
        #expect(try setup.push().status == 0)
        try setup.box.fixture.git(["checkout", "-q", "-b", "feature"])
        _ = try setup.commitScore("0.93", "feature: better")
        try setup.box.fixture.git(["checkout", "-q", "main"])
        let merged = try setup.box.fixture.gitResult(["merge", "--no-ff", "-m", "merge feature", "feature"])
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(merged.stderr.contains("bench: recorded clf local@main"))
        let head = try setup.box.fixture.sha("HEAD")
        let current = try #require((try Sandbox.json(try setup.box.bench("current", "--branch", "main", "--json")) as? [[String: Any]])?.first)
        #expect(current["commit_sha"] as? String == head)
        #expect((current["metrics"] as? [String: Double])?["f1"] == 0.93)

        // Another clone pushes; `git pull` here records the pulled HEAD.
        let other = try GitFixture()
        try other.git(["clone", "-q", setup.remote.path, other.root + "/other"])
        let otherPath = other.root + "/other"
        #expect(try setup.push().status == 0)
        try other.git(["pull", "-q", "origin", "main"], in: otherPath)
        try Data("0.94\n".utf8).write(to: URL(fileURLWithPath: otherPath + "/score.txt"))
        try other.git(["commit", "-q", "-am", "from the other clone"], in: otherPath)
        try other.git(["push", "-q", "origin", "main"], in: otherPath)
        let pulled = try setup.box.fixture.gitResult(["pull", "--no-rebase", "origin", "main"])
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let pulledHead = try setup.box.fixture.sha("HEAD")
        let after = try #require((try Sandbox.json(try setup.box.bench("current", "--branch", "main", "--json")) as? [[String: Any]])?.first)
        #expect(after["commit_sha"] as? String == pulledHead)
        #expect((after["metrics"] as? [String: Double])?["f1"] == 0.94)
    }

    @Test func rewritingHistoryRealignsCurrent() throws {
        let setup = try Setup()
        try setup.box.fixture.git(["checkout", "-q", "-b", "feature"])
        let kept = try setup.commitScore("0.91", "f1: kept")
        #expect(try setup.box.bench("run").status == 0)
        _ = try setup.commitScore("0.70", "f2: dropped later")
        #expect(try setup.box.bench("run").status == 0)
        // Amend the last commit: post-rewrite realigns; the amended-away snapshot goes inactive.
        try setup.box.fixture.write("score.txt", "0.92\n")
        let amended = try setup.box.fixture.gitResult(["commit", "-q", "-a", "--amend", "-m", "f2: reworked"])
        #expect(amended.status == 0)
        #expect(amended.stderr.contains("1 version(s) left the branch"))
        let current = try #require((try Sandbox.json(try setup.box.bench("current", "--branch", "feature", "--json")) as? [[String: Any]])?.first)
        #expect(current["commit_sha"] as? String == kept)
        let history = try setup.box.bench("history", "clf", "--branch", "feature")
        #expect(history.stdout.contains("inactive"))
        #expect(history.stdout.contains("no longer on feature"))

        // A reset followed by align also realigns, and a pinned checkout is respected.
        #expect(try setup.box.bench("run").status == 0)   // v3 at the amended commit
        #expect(try setup.box.bench("checkout", "clf", "--version", "1").status == 0)
        let aligned = try setup.box.bench("align")
        #expect(aligned.stdout.contains("pinned by a checkout") || aligned.stdout.contains("already follow"))
        try setup.box.fixture.git(["reset", "-q", "--hard", kept])
        let reset = try setup.box.bench("align")
        #expect(reset.status == 0)
        let pinned = try #require((try Sandbox.json(try setup.box.bench("current", "--branch", "feature", "--json")) as? [[String: Any]])?.first)
        #expect(pinned["snapshot_version"] as? Int == 1)
    }

    @Test func aHangingBenchmarkNeverHangsThePush() throws {
        let setup = try Setup(config: "\n[[benchmark]]\nname = \"slow\"\ncommand = \"sleep 30\"\n\n[hooks]\ntimeout = \"1s\"\n")
        let started = Date()
        let allowed = try setup.push()
        #expect(allowed.status == 0, "on-error = allow lets the push through")
        #expect(allowed.stderr.contains("timed out after 1s"))
        #expect(allowed.stderr.contains("pushing anyway"))
        #expect(Date().timeIntervalSince(started) < 20)

        let strict = try Setup(config: "\n[[benchmark]]\nname = \"slow\"\ncommand = \"sleep 30\"\n\n[hooks]\ntimeout = \"1s\"\non-error = \"block\"\n")
        let blocked = try strict.push()
        #expect(blocked.status != 0)
        #expect(blocked.stderr.contains("on-error = \"block\""))
        #expect(strict.remoteMain() == nil)
    }

    @Test func theTemplatesInTheRepositoryMatchWhatBenchInstalls() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["pre-push", "post-merge", "post-rewrite"] {
            let committed = try String(contentsOf: root.appendingPathComponent("hooks/\(name)"), encoding: .utf8)
            let printed = try BenchBinary.run(["hooks", "template", name], in: root.path).stdout
            #expect(committed == printed, "hooks/\(name) differs from `bench hooks template \(name)`")
            #expect(FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("hooks/\(name)").path))
        }
    }
}
