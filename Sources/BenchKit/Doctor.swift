import BenchCore
import BenchGit
import BenchStore
import Foundation

/// One finding of `bench doctor`.
public struct DoctorCheck: Sendable, Encodable {
    public enum State: String, Sendable, Encodable {
        /// As it should be.
        case ok
        /// Wrong: bench will not do what the user expects until it is fixed.
        case failed
        /// Does not apply here, or nothing to check yet; not a failure.
        case skipped
    }

    public var name: String
    public var state: State
    /// What was found.
    public var detail: String
    /// What to do about it, when it failed (or could be better).
    public var fix: String?
}

/// `bench doctor`: checks that a repository is set up for bench to work, one finding each,
/// with the fix. Reads only: nothing is written or created, not even the embedded store.
public struct Doctor {
    let path: String
    let database: String?
    let environment: [String: String]
    /// The bench the hooks should call.
    let bench: String

    public init(path: String, database: String?, environment: [String: String], bench: String = HookInstaller.currentExecutable) {
        self.path = path
        self.database = database
        self.environment = environment
        self.bench = bench
    }

    public func examine() -> [DoctorCheck] {
        var checks: [DoctorCheck] = []
        let session: Session
        do {
            session = try Session(path: path, database: database, environment: environment)
            let config = FileManager.default.fileExists(atPath: session.configPath)
            checks.append(config
                ? DoctorCheck(name: "bench.toml", state: .ok, detail: "\(session.configPath) parses")
                : DoctorCheck(name: "bench.toml", state: .skipped, detail: "no bench.toml: defaults apply",
                              fix: "`bench init` writes one to edit"))
        } catch where error.kind == .badInput {
            checks.append(DoctorCheck(name: "bench.toml", state: .failed, detail: error.message,
                                      fix: error.hint ?? "fix bench.toml, or `bench init --force` to start again from the template"))
            // Go on with the defaults, to check the rest.
            guard let fallback = try? Session(path: path, database: database, environment: environment, readConfig: false) else { return checks }
            session = fallback
        } catch {
            return [DoctorCheck(name: "repository", state: .failed, detail: error.message,
                                fix: error.hint ?? "run bench inside a git repository, or pass --repo")]
        }
        checks += store(session)
        checks += hooks(session)
        checks += benchmarks(session)
        checks += notifications(session)
        checks.append(defaultBranch(session))
        checks.append(notes(session))
        return checks
    }

    /// The store opens and its schema is current; a shared one also has its roles and an
    /// empty outbox.
    private func store(_ session: Session) -> [DoctorCheck] {
        let location: StoreLocation
        do { location = try session.storeLocation() } catch {
            return [DoctorCheck(name: "store", state: .failed, detail: error.message, fix: error.hint ?? "check --database, BENCH_DATABASE_URL and [store] url")]
        }
        if location.isMissing {
            return [DoctorCheck(name: "store", state: .skipped, detail: "\(location) does not exist yet: the first record creates it",
                                fix: "`bench init` creates it now")]
        }
        var checks: [DoctorCheck] = []
        do {
            let status = try location.status()
            checks += schema(location, status)
        } catch {
            let hint = BenchError(error).hint
            checks.append(DoctorCheck(name: "store", state: .failed, detail: "\(location): \(error.description)",
                                      fix: hint ?? "check that the store is reachable; `bench db status` says more"))
        }
        if case .postgres(_, let masked) = location { checks.append(outbox(session, masked)) }
        return checks
    }

    private func schema(_ location: StoreLocation, _ status: StoreStatus) -> [DoctorCheck] {
        guard status.schemaVersion >= status.newestVersion else {
            return [DoctorCheck(name: "store", state: .failed,
                                detail: "\(location) is at schema version \(status.schemaVersion) of \(status.newestVersion)",
                                fix: "`bench db migrate` brings it up to date")]
        }
        let count = status.counts.map { ", \($0.transactions) run(s)" } ?? ""
        let opened = DoctorCheck(name: "store", state: .ok, detail: "\(location) opens, schema version \(status.schemaVersion) (current)\(count)")
        guard case .postgres = location else { return [opened] }
        let expected = ["bench_reader", "bench_writer"]
        let missing = expected.filter { !status.roles.contains($0) }
        return [opened, missing.isEmpty
            ? DoctorCheck(name: "roles", state: .ok, detail: "\(expected.joined(separator: " and ")) exist; connected as \(status.user)")
            : DoctorCheck(name: "roles", state: .failed, detail: "missing role(s): \(missing.joined(separator: ", "))",
                          fix: "`bench db migrate` as the schema's owner creates them")]
    }

    /// Runs that could not reach the shared store wait in the outbox until `bench sync`.
    private func outbox(_ session: Session, _ masked: String) -> DoctorCheck {
        guard FileManager.default.fileExists(atPath: session.workspace.outboxPath) else {
            return DoctorCheck(name: "outbox", state: .ok, detail: "empty")
        }
        do {
            let pending = try Outbox(path: session.workspace.outboxPath).pending(target: masked).count
            return pending == 0
                ? DoctorCheck(name: "outbox", state: .ok, detail: "empty")
                : DoctorCheck(name: "outbox", state: .failed, detail: "\(pending) run(s) wait for \(masked)",
                              fix: "`bench sync` delivers them once the store is reachable")
        } catch {
            return DoctorCheck(name: "outbox", state: .failed, detail: error.description, fix: "`bench sync` delivers it")
        }
    }

    /// The hooks are installed where git looks, call this bench, and are not shadowed.
    private func hooks(_ session: Session) -> [DoctorCheck] {
        let installer = HookInstaller(session)
        let statuses: [HookStatus]
        do { statuses = try installer.status() } catch {
            return [DoctorCheck(name: "hooks", state: .failed, detail: error.message, fix: error.hint)]
        }
        var checks: [DoctorCheck] = []
        let ours = statuses.filter { $0.state == .bench || $0.state == .chained }
        if ours.isEmpty {
            checks.append(DoctorCheck(name: "hooks", state: .failed, detail: "not installed: pushes are not checked",
                                      fix: "`bench hooks install`"))
        } else if ours.count < statuses.count {
            let absent = statuses.filter { $0.state == .none || $0.state == .other }.map(\.hook.rawValue)
            checks.append(DoctorCheck(name: "hooks", state: .failed, detail: "\(absent.joined(separator: ", ")) not bench's",
                                      fix: "`bench hooks install` (a hook already there is kept and runs first)"))
        } else {
            let calls = Set(ours.map { $0.bench ?? "bench on PATH" })
            if calls == [bench] {
                let directory = (ours[0].path as NSString).deletingLastPathComponent
                checks.append(DoctorCheck(name: "hooks", state: .ok, detail: "installed in \(directory), calling \(bench)"))
            } else {
                let other = ours.filter { ($0.bench ?? "bench on PATH") != bench }.map { status in
                    let called = status.bench ?? "bench on PATH"
                    return "\(status.hook.rawValue) calls \(called)" + (status.bench != nil && !status.benchExists ? " (no longer there)" : "")
                }
                checks.append(DoctorCheck(name: "hooks", state: .failed,
                                          detail: other.joined(separator: "; ") + ", not this bench (\(bench))",
                                          fix: "`bench hooks install` points them at this one"))
            }
        }
        // Hooks left in .git/hooks do nothing once core.hooksPath points elsewhere.
        let standard = (session.workspace.repository.commonDir as NSString).appendingPathComponent("hooks")
        if let directory = try? installer.directory(), (directory as NSString).standardizingPath != (standard as NSString).standardizingPath {
            let shadowed = HookName.allCases.filter { hook in
                let file = (standard as NSString).appendingPathComponent(hook.rawValue)
                return FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self).contains(HookTemplates.marker) } ?? false
            }
            if !shadowed.isEmpty {
                checks.append(DoctorCheck(name: "hooks path", state: .failed,
                                          detail: "core.hooksPath is \(directory): git never runs bench's \(shadowed.map(\.rawValue).joined(separator: ", ")) in \(standard)",
                                          fix: "`bench hooks install` installs them in \(directory); remove the ones in \(standard)"))
            }
        }
        return checks
    }

    /// Each `[[benchmark]]`'s program can be found.
    private func benchmarks(_ session: Session) -> [DoctorCheck] {
        session.config.benchmarks.map { spec in
            let directory = spec.workdir.map { (session.root as NSString).appendingPathComponent($0) } ?? session.root
            guard let program = Self.program(of: spec.command) else {
                return DoctorCheck(name: "benchmark \(spec.name)", state: .failed, detail: "its command is empty", fix: "give it a command in bench.toml")
            }
            if Self.find(program, in: directory, path: environment["PATH"] ?? "/usr/bin:/bin") {
                return DoctorCheck(name: "benchmark \(spec.name)", state: .ok, detail: "`\(program)` found")
            }
            return DoctorCheck(name: "benchmark \(spec.name)", state: .failed,
                               detail: "`\(program)` (from `\(spec.command)`) is not on PATH or in \(directory)",
                               fix: "install it, or fix the command of [[benchmark]] \"\(spec.name)\" in bench.toml")
        }
    }

    /// Each `[[notify]]` channel can send: its environment variables are set (their values
    /// are never shown) and libcurl loads; and no delivery was given up.
    private func notifications(_ session: Session) -> [DoctorCheck] {
        let channels = session.config.notify
        guard !channels.isEmpty else { return [] }
        let library = Notifier.library
        var checks = channels.map { channel -> DoctorCheck in
            let name = "notify \(channel.name)"
            let missing = channel.variables.filter { (environment[$0.name] ?? "").isEmpty }
            if !missing.isEmpty {
                return DoctorCheck(name: name, state: .failed,
                                   detail: missing.map { "\($0.name) (\($0.key)) is not set" }.joined(separator: "; "),
                                   fix: "set \(missing.map(\.name).joined(separator: " and ")) where bench runs (shell, hooks, CI secrets)")
            }
            if let problem = library.problem {
                return DoctorCheck(name: name, state: .failed, detail: problem, fix: "apt install libcurl4")
            }
            let source = channel.urlVariable.map { "URL from $\($0)" } ?? channel.smtpURL.map { "mail to \(channel.to.joined(separator: ", ")) via \(Self.host(of: $0))" } ?? ""
            return DoctorCheck(name: name, state: .ok,
                               detail: "\(channel.kind.rawValue), \(source), on \(channel.events.map(\.rawValue).sorted().joined(separator: " and ")); libcurl \(library.version ?? "?")",
                               fix: nil)
        }
        if let given = try? Notifier(session).waiting().filter({ $0.status == .failed }), !given.isEmpty {
            checks.append(DoctorCheck(name: "notifications", state: .failed, detail: "\(given.count) notification(s) were given up",
                                      fix: "`bench notify status` lists them and why"))
        }
        return checks
    }

    /// `mail.example.com:587` of `smtp://mail.example.com:587`.
    static func host(of url: String) -> String {
        String(url.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" })
    }

    /// The first word of a shell command that names a program: past `VAR=value` words;
    /// nil when there is none. Shell builtins count as found.
    static func program(of command: String) -> String? {
        command.split(whereSeparator: \.isWhitespace).map(String.init)
            .first { !isAssignment($0) && $0 != "env" && $0 != "exec" }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
    }

    /// `NAME=value`, as the shell reads it before a command.
    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "=") else { return false }
        let name = word[..<equals]
        return !name.isEmpty && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    static let builtins: Set<String> = ["cd", "echo", "printf", "test", "[", "true", "false", ".", "export", "set", "exit", ":"]

    static func find(_ program: String, in directory: String, path: String) -> Bool {
        if builtins.contains(program) { return true }
        if program.contains("/") {
            let full = program.hasPrefix("/") ? program : (directory as NSString).appendingPathComponent(program)
            return FileManager.default.isExecutableFile(atPath: full) || FileManager.default.fileExists(atPath: full)
        }
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    private func defaultBranch(_ session: Session) -> DoctorCheck {
        do {
            if let branch = try session.workspace.defaultBranch() {
                let source = session.config.defaultBranch == nil ? "found" : "from [git] default-branch"
                return DoctorCheck(name: "default branch", state: .ok, detail: "\(branch) (\(source))")
            }
        } catch {
            return DoctorCheck(name: "default branch", state: .failed, detail: error.message, fix: error.hint)
        }
        return DoctorCheck(name: "default branch", state: .failed, detail: "no main or master branch, and no [git] default-branch",
                           fix: "set `default-branch = \"NAME\"` under [git] in bench.toml: baselines for branches come from it")
    }

    /// `refs/notes/bench` is fetched from the remote, so `git log --notes=bench` shows CI's results.
    private func notes(_ session: Session) -> DoctorCheck {
        let notes = NotesFetch(session)
        guard let remote = notes.remote() else {
            return DoctorCheck(name: "git notes", state: .skipped, detail: "no remote: nothing to fetch notes from")
        }
        if notes.isConfigured(remote) {
            return DoctorCheck(name: "git notes", state: .ok, detail: "\(remote) fetches refs/notes/bench")
        }
        return DoctorCheck(name: "git notes", state: .failed, detail: "\(remote) does not fetch refs/notes/bench: CI's results stay out of `git log --notes=bench`",
                           fix: NotesFetch.command(remote))
    }
}
