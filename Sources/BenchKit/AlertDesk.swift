import BenchCore
import BenchGit
import BenchStore
import Foundation

/// What to do with alerts: review results just recorded, or a person's action on one alert.
public enum AlertRequest: Sendable, Equatable {
    /// Results just recorded: a default-branch result that regresses by its metric's verdict
    /// model opens an alert (unless its series × metric has a live one); one back within a
    /// live alert's limit resolves it. Results on other branches change nothing.
    case review([Snapshot])
    case acknowledge(id: Int64, note: String?)
    case dismiss(id: Int64, reason: AlertReason, note: String?)
    case reopen(id: Int64, note: String?)
}

/// Alerts: the regressions of the default branch, kept as records people triage. Every
/// change to an alert goes through `apply`, which returns the events it made, so whatever
/// tells people about alerts (the terminal, notifications) hears of each change once.
public struct AlertDesk {
    let session: Session

    public init(_ session: Session) { self.session = session }

    /// The alerts of the given statuses (live ones by default), newest first.
    public func alerts(_ statuses: Set<AlertStatus> = AlertStatus.live) throws(BenchError) -> [Alert] {
        let store = try session.readStore()
        do { return try store.alerts(statuses, series: SeriesFilter()) } catch { throw BenchError(error) }
    }

    /// One alert's audit log, oldest first.
    public func log(of id: Int64) throws(BenchError) -> [AlertLogEntry] {
        let store = try session.readStore()
        do { return try store.alertLog(id: id) } catch { throw BenchError(error) }
    }

    /// The live alerts on the default branch of these series' lineages, for these metrics
    /// (all when empty): what `bench check` and the hook mention.
    public func live(matching series: [SeriesKey], metrics: Set<String> = []) throws(BenchError) -> [Alert] {
        guard !series.isEmpty else { return [] }
        return try alerts().filter { alert in series.contains { $0.isSameLineage(as: alert.series) } && (metrics.isEmpty || metrics.contains(alert.metric)) }
    }

    /// Makes the change asked for and returns what changed, in order: the one way alerts
    /// open, resolve, are acknowledged, dismissed or reopened. A person's action on an
    /// unknown alert, or one its status does not allow, is bad input and writes nothing.
    /// An alert that opens or resolves is queued for the `[[notify]]` channels (`Notifier`).
    public func apply(_ request: AlertRequest) throws(BenchError) -> [AlertEvent] {
        let actor = session.workspace.actor
        let events: [AlertEvent]
        switch request {
        case .review(let snapshots):
            events = try review(snapshots, actor: actor)
        case .acknowledge(let id, let note):
            events = [try change(id, AlertChange(.acknowledged, note: try validated(note), actor: actor))]
        case .dismiss(let id, let reason, let note):
            events = [try change(id, AlertChange(.dismissed, reason: reason, note: try validated(note), actor: actor))]
        case .reopen(let id, let note):
            events = [try change(id, AlertChange(.reopened, note: try validated(note), actor: actor))]
        }
        notify(events)
        return events
    }

    /// Queues a notice of each opened or resolved alert (a person's triage is not announced).
    /// The alert is already written: a queue that cannot be written is a warning, not a failure.
    private func notify(_ events: [AlertEvent]) {
        guard !session.config.notify.isEmpty else { return }
        let notices = events.compactMap(\.notice).map { notice in
            var linked = notice
            linked.dashboardURL = session.config.dashboard.regressionsPage(resolved: notice.event == .resolved)
            return linked
        }
        guard !notices.isEmpty else { return }
        do { try Notifier(session).enqueue(notices) } catch {
            session.onNotice("warning: the notifications of alert(s) \(notices.map { "#\($0.alertId)" }.joined(separator: ", ")) were not queued: \(error.message)")
        }
    }

    /// The longest note kept, in characters.
    public static let maxNote = 1000

    private func validated(_ note: String?) throws(BenchError) -> String? {
        guard let note else { return nil }
        let trimmed = note.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw BenchError(.badInput, "--note is empty", hint: "say why in a few words, or leave --note out") }
        guard trimmed.count <= Self.maxNote else {
            throw BenchError(.badInput, "--note is \(trimmed.count) characters long; the limit is \(Self.maxNote)", hint: "shorten the note")
        }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || ($0.value >= 0x202A && $0.value <= 0x202E) || ($0.value >= 0x2066 && $0.value <= 0x2069) }) else {
            throw BenchError(.badInput, "--note contains a control character", hint: "write the note on one line, without control characters")
        }
        return trimmed
    }

    private func change(_ id: Int64, _ change: AlertChange) throws(BenchError) -> AlertEvent {
        let store = try session.writeStore()
        do {
            return AlertEvent(try store.changeAlert(id: id, change), change: change)
        } catch {
            var failure = BenchError(error)
            if error.kind == .notFound { failure.situation = .notFound }
            throw failure
        }
    }

    /// Judges each default-branch result against its baseline, as `bench check` would
    /// (`MetricJudge`, with Benjamini–Hochberg over the batch), then opens and resolves.
    private func review(_ snapshots: [Snapshot], actor: String) throws(BenchError) -> [AlertEvent] {
        guard let defaultBranch = try session.workspace.defaultBranch() else { return [] }
        let candidates = snapshots.filter { $0.series.branchName == defaultBranch && $0.isActive }
        guard !candidates.isEmpty else { return [] }
        let commits = CommitSnapshots(try session.readStore(), for: candidates.map(\.series))
        let resolver = BaselineResolver(session: session, commits: commits)
        let judge = MetricJudge(session: session, commits: commits)
        var judged: [(candidate: Snapshot, baseline: Snapshot?, checks: [MetricCheck])] = []
        for candidate in candidates {
            let baseline = try resolver.resolve(for: candidate, choice: .automatic)?.snapshot
            judged.append((candidate, baseline, try baseline.map { baseline throws(BenchError) in try judge.judge(candidate, against: baseline) } ?? []))
        }
        let controlled = FalseDiscovery.control(judged.map(\.checks))
        for index in judged.indices { judged[index].checks = controlled[index] }

        let store = try session.writeStore()
        var events: [AlertEvent] = []
        do {
            var live: [LiveKey: Alert] = [:]
            for alert in try store.alerts(AlertStatus.live, series: SeriesFilter(branchName: defaultBranch)) {
                live[LiveKey(series: alert.series, metric: alert.metric)] = alert
            }
            for (candidate, baseline, checks) in judged {
                // A result imported for a commit this clone lacks still opens its alert, without the commit's words.
                let commit = try? session.workspace.commit(at: candidate.commitSha)
                for metric in candidate.metrics {
                    let key = LiveKey(series: candidate.series, metric: metric.name)
                    let check = checks.first { $0.metric == metric.name }
                    if let alert = live[key] {
                        // Still regressed against its own baseline, or still past the limit, or an
                        // older commit measured now (`bench run --at`): it stays.
                        // Only a result of the alert's own testbed (or an unknown one) is evidence of recovery.
                        guard check?.verdict != .regressed, alert.isWithinLimit(metric.metric.value),
                              Testbed.compatible(candidate.testbed, alert.testbed),
                              isAtOrAfter(candidate.commitSha, alert.commitSha) else { continue }
                        let change = AlertChange(.resolved, actor: actor, commitSha: candidate.commitSha, value: metric.metric.value)
                        let resolved = try store.changeAlert(id: alert.id, change)
                        live[key] = nil
                        events.append(AlertEvent(resolved, change: change))
                    } else if let check, let baseline, check.verdict == .regressed {
                        let at = Date()
                        let draft = Alert(series: candidate.series, metric: metric.name, unit: check.unit, direction: check.direction,
                                          baseline: check.baseline, value: check.candidate,
                                          limit: (check.direction == .lower ? check.upperLimit : check.lowerLimit) ?? Self.thresholdLimit(check),
                                          model: check.model, goodSha: baseline.commitSha, commitSha: candidate.commitSha,
                                          commitSubject: commit?.subject ?? "", commitAuthor: commit?.authorName ?? "", version: candidate.version,
                                          testbed: candidate.testbed, openedAt: at)
                        guard let opened = try store.openAlert(draft, by: actor, at: at) else { continue }
                        live[key] = opened
                        events.append(AlertEvent(opened, change: AlertChange(.opened, actor: actor, commitSha: candidate.commitSha,
                                                                             value: check.candidate, at: at)))
                    }
                }
            }
        } catch { throw BenchError(error) }
        return events
    }

    /// The limit a check without a model's limits (a percentage check) draws: the baseline
    /// moved by the threshold toward the worse side. Back within it, the alert resolves.
    static func thresholdLimit(_ check: MetricCheck) -> Double {
        let allowed = abs(check.baseline) * check.threshold.fraction
        return check.direction == .lower ? check.baseline + allowed : check.baseline - allowed
    }

    /// Whether commit `sha` is `since` or comes after it; true when either is unknown here.
    private func isAtOrAfter(_ sha: String, _ since: String) -> Bool {
        guard sha != since, let commit = OID(hex: sha), let earlier = OID(hex: since) else { return true }
        return (try? session.workspace.repository.isAncestor(earlier, of: commit)) ?? true
    }

    /// A live alert's place: at most one per series × metric.
    private struct LiveKey: Hashable {
        var series: SeriesKey
        var metric: String
    }
}

/// The alerts that appeared over one commit range (Perfherder groups alerts by push): one
/// row of the dashboard's regressions view, its series inside, one bisect command.
public struct AlertRange: Sendable {
    /// The good end (the baseline's commit) and the bad end (the commit that regressed).
    public var goodSha: String
    public var badSha: String
    public var commitSubject: String
    public var commitAuthor: String
    /// Worst first: live alerts before closed ones, then the largest change.
    public var alerts: [Alert]

    /// `bench bisect` over the range, for its first alert's metric.
    public var bisectCommand: String { BisectHint.command(good: goodSha, bad: badSha, metric: alerts[0].metric) }

    /// When the range's first alert opened.
    public var openedAt: Date { alerts.map(\.openedAt).min()! }

    /// The alerts grouped by range, the range with the newest alert first.
    public static func group(_ alerts: [Alert]) -> [AlertRange] {
        var order: [String] = []
        var byRange: [String: [Alert]] = [:]
        for alert in alerts.sorted(by: { $0.id > $1.id }) {
            let key = alert.goodSha + ".." + alert.commitSha
            if byRange[key] == nil { order.append(key) }
            byRange[key, default: []].append(alert)
        }
        return order.map { key in
            let members = byRange[key]!.sorted { ($0.status.isLive ? 0 : 1, -abs($0.changePercent ?? 0), $0.id) < ($1.status.isLive ? 0 : 1, -abs($1.changePercent ?? 0), $1.id) }
            let first = members[0]
            return AlertRange(goodSha: first.goodSha, badSha: first.commitSha, commitSubject: first.commitSubject,
                              commitAuthor: first.commitAuthor, alerts: members)
        }
    }
}
