import Foundation

/// What a machine that measured a run is: its CPU, cores, memory, OS and kernel, and the
/// toolchain `bench.toml` names. Read by BenchKit from /proc/cpuinfo, /proc/meminfo, uname
/// and /etc/os-release; parsed here from their text, so it is tested with plain strings.
public struct Fingerprint: Sendable, Equatable, Codable {
    /// `uname -m`: x86_64, aarch64, …
    public var architecture: String
    /// /proc/cpuinfo's `model name` (`unknown` when it has none).
    public var cpuModel: String
    /// Logical processors listed in /proc/cpuinfo.
    public var cores: Int
    /// /proc/meminfo's `MemTotal`, in bytes.
    public var memoryBytes: Int64
    /// /etc/os-release's `PRETTY_NAME` (e.g. "Debian GNU/Linux 12 (bookworm)").
    public var os: String
    /// /etc/os-release's `ID` and `VERSION_ID`, compacted: `debian12`, `ubuntu22.04`.
    public var osID: String
    /// `uname -r`.
    public var kernel: String
    /// `[testbed] toolchain` of bench.toml (e.g. "swift 6.0.3"), when set.
    public var toolchain: String?

    public init(architecture: String, cpuModel: String, cores: Int, memoryBytes: Int64, os: String, osID: String,
                kernel: String, toolchain: String? = nil) {
        self.architecture = architecture
        self.cpuModel = cpuModel
        self.cores = cores
        self.memoryBytes = memoryBytes
        self.os = os
        self.osID = osID
        self.kernel = kernel
        self.toolchain = toolchain
    }

    enum CodingKeys: String, CodingKey {
        case architecture
        case cpuModel = "cpu_model"
        case cores
        case memoryBytes = "memory_bytes"
        case os
        case osID = "os_id"
        case kernel, toolchain
    }

    /// Every key, `toolchain` as null when unset (`bench testbeds --json` documents the shape).
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(architecture, forKey: .architecture)
        try container.encode(cpuModel, forKey: .cpuModel)
        try container.encode(cores, forKey: .cores)
        try container.encode(memoryBytes, forKey: .memoryBytes)
        try container.encode(os, forKey: .os)
        try container.encode(osID, forKey: .osID)
        try container.encode(kernel, forKey: .kernel)
        try container.encode(toolchain, forKey: .toolchain)
    }

    /// A fingerprint from the text of /proc/cpuinfo, /proc/meminfo and /etc/os-release, and
    /// uname's release and machine. Missing facts read as `unknown` (or 0).
    public static func parse(cpuinfo: String, meminfo: String, osRelease: String, kernel: String, architecture: String,
                             toolchain: String? = nil) -> Fingerprint {
        let cpuFields = fields(cpuinfo, separator: ":")
        let model = cpuFields.first { $0.key == "model name" }?.value
            ?? cpuFields.first { $0.key == "Hardware" || $0.key == "cpu model" }?.value ?? "unknown"
        let cores = cpuFields.filter { $0.key == "processor" }.count
        let memory = fields(meminfo, separator: ":").first { $0.key == "MemTotal" }
            .flatMap { Int64($0.value.split(separator: " ").first ?? "") }.map { $0 * 1024 } ?? 0
        var release: [String: String] = [:]
        for field in fields(osRelease, separator: "=") {
            release[field.key] = String(trimmed(field.value[...]) { $0 == "\"" || $0 == "'" })
        }
        let id = compact(release["ID"] ?? "linux") + compact(release["VERSION_ID"] ?? "")
        return Fingerprint(architecture: architecture.isEmpty ? "unknown" : architecture, cpuModel: model, cores: cores,
                           memoryBytes: memory, os: release["PRETTY_NAME"] ?? release["NAME"] ?? "Linux", osID: id,
                           kernel: kernel.isEmpty ? "unknown" : kernel, toolchain: toolchain)
    }

    /// `key<separator>value` lines, trimmed of spaces and tabs, in order. (Foundation's
    /// `trimmingCharacters(in: .whitespaces)` took a `record` most of a millisecond here, and
    /// /proc/cpuinfo has a block of lines per core.)
    private static func fields(_ text: String, separator: Character) -> [(key: String, value: String)] {
        text.split(separator: "\n").compactMap { line in
            guard let at = line.firstIndex(of: separator) else { return nil }
            return (String(trimmed(line[..<at], isSpace)), String(trimmed(line[line.index(after: at)...], isSpace)))
        }
    }

    /// What `CharacterSet.whitespaces` holds: a space or a tab, not a line break.
    private static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || (character.isWhitespace && !character.isNewline)
    }

    /// `text` without the characters `strip` matches at either end.
    private static func trimmed(_ text: Substring, _ strip: (Character) -> Bool) -> Substring {
        guard let first = text.firstIndex(where: { !strip($0) }), let last = text.lastIndex(where: { !strip($0) }) else { return "" }
        return text[first...last]
    }

    /// Lower-case letters, digits and `keeping` only: what a part of a testbed name may hold.
    private static func compact(_ text: String, keeping kept: Unicode.Scalar = ".") -> String {
        String(text.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == kept }.map(Character.init))
    }

    /// Memory in whole GiB, rounded (a 16 GiB machine reports a little less).
    public var memoryGiB: Int { Int((Double(memoryBytes) / 1_073_741_824).rounded()) }

    /// The readable, stable name of this fingerprint: `x86_64-8c-16g-debian12-1a2b3c`, the
    /// last part a hash of every fact (CPU model, kernel and toolchain included), so two
    /// machines that differ in anything get different names.
    public var name: String {
        let facts = [architecture, cpuModel, String(cores), String(memoryGiB), osID, kernel, toolchain ?? ""].joined(separator: "\u{1F}")
        let hash = String(Self.fnv1a(facts) & 0xFF_FFFF, radix: 16)
        return "\(Self.compact(architecture, keeping: "_"))-\(cores)c-\(memoryGiB)g-\(osID)-"
            + String(repeating: "0", count: 6 - hash.count) + hash
    }

    /// 64-bit FNV-1a: a fixed hash (Swift's `Hasher` is seeded per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }

    /// One line for people: "AMD EPYC · 2 cores · 24 GiB · Debian GNU/Linux 12 (bookworm) · kernel 6.1.0".
    public var summary: String {
        ([cpuModel, "\(cores) cores", "\(memoryGiB) GiB", os, "kernel \(kernel)"] + (toolchain.map { [$0] } ?? [])).joined(separator: " · ")
    }
}

/// A testbed: the name results carry, and the fingerprint of the machine when it is known.
/// Results recorded before testbeds existed, or by the seeds' SQL, have none: their testbed
/// is unknown, which is compatible with every testbed (see `Testbed.compatible`).
public struct Testbed: Sendable, Equatable, Codable {
    public var name: String
    public var fingerprint: Fingerprint?

    public init(name: String, fingerprint: Fingerprint?) {
        self.name = name
        self.fingerprint = fingerprint
    }

    /// Whether results measured on testbeds `a` and `b` may be compared: the same name, or
    /// either unknown (nil). Unknown is history from before testbeds were recorded: refusing
    /// it would leave every series without a baseline on the day bench is upgraded.
    public static func compatible(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return true }
        return a == b
    }

    /// Where a history (oldest first, each point's testbed name) changes testbed: the index of
    /// the first point of each new epoch. An unknown testbed never starts one; it belongs to
    /// the epoch it falls in.
    public static func boundaries(_ names: [String?]) -> [Int] {
        var known: String?
        var result: [Int] = []
        for (index, name) in names.enumerated() {
            guard let name else { continue }
            if let known, known != name { result.append(index) }
            known = name
        }
        return result
    }

    /// The history's epochs (oldest first): ranges of indices measured on one testbed, cut at
    /// `boundaries`.
    public static func epochs(_ names: [String?]) -> [Range<Int>] {
        let cuts = [0] + boundaries(names) + [names.count]
        return zip(cuts, cuts.dropFirst()).compactMap { $0 < $1 ? $0..<$1 : nil }
    }
}

/// A testbed as `bench testbeds` lists it: its fingerprint (when known) and its runs.
public struct TestbedUsage: Sendable, Equatable {
    /// Nil: the runs whose testbed is unknown.
    public var name: String?
    public var fingerprint: Fingerprint?
    public var runs: Int
    public var firstSeen: Date?
    public var lastSeen: Date?

    public init(name: String?, fingerprint: Fingerprint?, runs: Int, firstSeen: Date?, lastSeen: Date?) {
        self.name = name
        self.fingerprint = fingerprint
        self.runs = runs
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// A stretch of a series' history measured on one testbed: where a testbed change splits it.
public struct TestbedEpoch: Sendable, Equatable {
    /// The testbed; nil when none of its runs has a known one.
    public var testbed: String?
    /// Its oldest and newest snapshot versions.
    public var firstVersion: Int
    public var lastVersion: Int
    /// Its positions in the oldest-first list it was cut from.
    public var range: Range<Int>

    public init(testbed: String?, firstVersion: Int, lastVersion: Int, range: Range<Int>) {
        self.testbed = testbed
        self.firstVersion = firstVersion
        self.lastVersion = lastVersion
        self.range = range
    }

    /// The epochs of snapshots (or a metric's points) given oldest first, oldest first (one,
    /// for a history on one testbed; none, for no snapshots).
    public static func of(_ oldestFirst: [some VersionedRun]) -> [TestbedEpoch] {
        let names = oldestFirst.map { $0.testbed }
        return Testbed.epochs(names).map { range in
            // The epoch's first known testbed: a plain scan (a history of unknown testbeds
            // is one epoch of 20,000 versions, read for every chart).
            var testbed: String?
            for index in range where names[index] != nil {
                testbed = names[index]
                break
            }
            return TestbedEpoch(testbed: testbed, firstVersion: oldestFirst[range.lowerBound].version,
                                lastVersion: oldestFirst[range.upperBound - 1].version, range: range)
        }
    }

    /// Each testbed change in words, oldest first: "v5: A → B".
    public static func changes(_ epochs: [TestbedEpoch]) -> [String] {
        zip(epochs, epochs.dropFirst()).map { old, new in "v\(new.firstVersion): \(old.testbed ?? "unknown") → \(new.testbed ?? "unknown")" }
    }
}
