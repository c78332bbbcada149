import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What a hook decided, with what to tell the user.
public struct HookOutcome: Sendable {
    /// 0 lets git go on; 1 stops a push.
    public var exitCode: Int32
    /// The checks made (one per pushed branch), for the report.
    public var reports: [CheckReport]
    /// Lines for the terminal, in order.
    public var messages: [String]
    /// The alerts the hook's recorded results opened or resolved.
    public var alerts: [AlertEvent] = []
}

/// The work of `bench hook NAME`, called by the installed git hooks.
public struct HookRunner {
    let session: Session
    let progress: (RunProgress) -> Void
    var workspace: Workspace { session.workspace }

    public init(_ session: Session, progress: @escaping (RunProgress) -> Void = { _ in }) {
        self.session = session
        self.progress = progress
    }

    /// The work of one hook; `input` is what git wrote to the hook's standard input.
    public func run(_ hook: HookName, input: () -> String) -> HookOutcome {
        switch hook {
        case .prePush: prePush(input: input())
        case .postMerge: postMerge()
        case .postRewrite: postRewrite()
        }
    }

    /// pre-push: for each pushed branch, measure the pushed commit (or reuse its stored
    /// result), check it against the branch baseline, and stop the push on a regression
    /// when `[hooks] pre-push = "block"`. Broken stores and benchmarks follow `on-error`.
    public func prePush(input: String) -> HookOutcome {
        let policy = workspace.config.hooks
        guard policy.prePush != .off else { return HookOutcome(exitCode: 0, reports: [], messages: []) }
        var reports: [CheckReport] = []
        var messages: [String] = []
        var alerts: [AlertEvent] = []
        var failed = false
        for pushed in PushedRef.parse(input) {
            let (branch, sha) = (pushed.branch, pushed.sha)
            do {
                _ = try Aligner(session).align(branch: branch)
                guard try measure(sha, branch: branch, messages: &messages, alerts: &alerts) else { continue }
                let report = try Remeasurer(session).check(CheckOptions {
                    ($0.revision, $0.branch, $0.remoteTip, $0.anyTestbed) = (sha, branch, pushed.remoteSha, policy.anyTestbed)
                },
                                                           times: policy.rerun, progress: progress)
                reports.append(report)
                alerts += report.alertEvents
            } catch let error where error.situation == .noBaseline {
                messages.append("bench: \(branch) at \(Figures.short(sha)) has nothing to compare with yet; recorded as the first result")
            } catch {
                messages.append("bench: could not check \(branch) at \(Figures.short(sha)): \(error.message)")
                if let hint = error.hint { messages.append("hint: \(hint)") }
                failed = true
            }
        }
        if failed {
            if policy.onError == .block {
                messages.append("bench: push stopped because the check could not run ([hooks] on-error = \"block\").")
                messages.append("To push anyway: BENCH_SKIP=1 git push   (or: git push --no-verify)")
                return HookOutcome(exitCode: 1, reports: reports, messages: messages, alerts: alerts)
            }
            messages.append("bench: pushing anyway ([hooks] on-error = \"allow\").")
        }
        if reports.contains(where: { $0.verdict == .regressed }) {
            if policy.prePush == .block {
                messages.append("bench: push stopped: a benchmark regressed (see above).")
                messages.append("To push anyway: BENCH_SKIP=1 git push   (or: git push --no-verify)")
                return HookOutcome(exitCode: 1, reports: reports, messages: messages, alerts: alerts)
            }
            messages.append("bench: a benchmark regressed; pushing anyway ([hooks] pre-push = \"warn\").")
        }
        return HookOutcome(exitCode: 0, reports: reports, messages: messages, alerts: alerts)
    }

    /// Makes sure `sha` has results: stored ones are reused, else the configured benchmarks
    /// run on a temporary copy of the commit. False when there is nothing to measure.
    private func measure(_ sha: String, branch: String, messages: inout [String], alerts: inout [AlertEvent]) throws(BenchError) -> Bool {
        let store = try session.readStore()
        let stored: [Snapshot]
        do { stored = try store.snapshots(atCommits: [sha]) } catch { throw BenchError(error) }
        if !stored.isEmpty { return true }
        guard !workspace.config.benchmarks.isEmpty else {
            messages.append("bench: no [[benchmark]] in bench.toml and no stored result for \(Figures.short(sha)); nothing to check")
            return false
        }
        alerts += try Runner(session).run(
            RunOptions {
                ($0.at, $0.deadline) = (sha, Date().addingTimeInterval(workspace.config.hooks.timeout))
                ($0.recording.environment, $0.recording.branchName) = ("local", branch)
            },
            progress: progress).alerts
        return true
    }

    /// post-merge: measure the merged HEAD and record it on the current branch.
    public func postMerge() -> HookOutcome {
        guard workspace.config.hooks.postMerge == .record else { return HookOutcome(exitCode: 0, reports: [], messages: []) }
        guard !workspace.config.benchmarks.isEmpty else {
            return HookOutcome(exitCode: 0, reports: [], messages: ["bench: no [[benchmark]] in bench.toml; nothing recorded after the merge"])
        }
        do {
            let outcome = try Runner(session).run(RunOptions { $0.deadline = Date().addingTimeInterval(workspace.config.hooks.timeout) },
                                                  progress: progress)
            let lines = outcome.snapshots.map { "bench: recorded \($0.series) v\($0.version) at \(outcome.commit.short)" }
            return HookOutcome(exitCode: 0, reports: [], messages: lines + outcome.warnings.map { "warning: \($0)" }, alerts: outcome.alerts)
        } catch {
            return HookOutcome(exitCode: 0, reports: [], messages: ["bench: nothing recorded after the merge: \(error.message)"]
                               + (error.hint.map { ["hint: \($0)"] } ?? []))
        }
    }

    /// post-rewrite: realign the current branch's snapshots with its rewritten history.
    public func postRewrite() -> HookOutcome {
        do {
            let outcomes = try Aligner(session).align(branch: nil)
            return HookOutcome(exitCode: 0, reports: [], messages: AlignSummary.lines(outcomes))
        } catch {
            return HookOutcome(exitCode: 0, reports: [], messages: ["bench: could not realign snapshots: \(error.message)"])
        }
    }
}

/// One line per series that alignment changed.
public enum AlignSummary {
    public static func lines(_ outcomes: [AlignOutcome]) -> [String] {
        outcomes.compactMap { outcome in
            var parts: [String] = []
            if !outcome.deactivated.isEmpty { parts.append("\(outcome.deactivated.count) version(s) left the branch") }
            if !outcome.reactivated.isEmpty { parts.append("\(outcome.reactivated.count) came back") }
            if outcome.currentChanged, let current = outcome.current { parts.append("v\(current.version) is now current") }
            if outcome.pinned, let current = outcome.current {
                parts.append("v\(current.version) stays current: pinned by a checkout (`bench checkout \(outcome.series.modelVersion) --latest` to follow the branch)")
            }
            return parts.isEmpty ? nil : "bench: \(outcome.series): " + parts.joined(separator: "; ")
        }
    }
}
