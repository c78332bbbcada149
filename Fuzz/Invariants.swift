import BenchCore

/// What a parser promises about what it returns, checked on every input it accepts: a
/// broken promise stops the fuzzer as a crash would, with the input kept.
enum Invariants {
    /// Results are storable and printable: names pass `Names.validate` (as bench-json
    /// demands of its input), every result has metrics, each named once, and every value and
    /// sample is a finite number.
    static func check(_ results: [BenchResult]) {
        for result in results {
            valid(result.modelVersion, "model name")
            require(!result.metrics.isEmpty, "a result without metrics: \(result.modelVersion)")
            require(Set(result.metrics.names).count == result.metrics.count, "a metric named twice: \(result.metrics.names)")
            for metric in result.metrics {
                valid(metric.name, "metric name")
                if let unit = metric.metric.unit { valid(unit, "unit of \(metric.name)") }
                require(metric.metric.value.isFinite, "\(metric.name) is \(metric.metric.value)")
                if let samples = metric.metric.samples {
                    require(!samples.isEmpty && samples.allSatisfy(\.isFinite), "samples of \(metric.name): \(samples)")
                }
            }
        }
    }

    /// An array of bench-json results read element by element gives what its whole tree
    /// gives; when the streamed read declines (nil), the tree's answer is the only one.
    static func checkStreamed(_ bytes: [UInt8], detecting: Bool) {
        guard let streamed = BenchJSONFormat.streamed(bytes, detecting: detecting) else { return }
        require(streamed == (try? BenchJSONFormat.parse(bytes)), "the streamed results differ from the tree's")
    }

    /// Pushed branches come from whole `refs/heads/` names and non-zero shas, as one field each.
    static func check(_ refs: [PushedRef]) {
        for ref in refs {
            require(!ref.sha.contains(" ") && !ref.sha.contains("\n") && ref.sha != String(repeating: "0", count: 40), "sha \(ref.sha)")
            require(!ref.branch.contains(" ") && !ref.branch.contains("\n"), "branch \(ref.branch)")
            if let remote = ref.remoteSha {
                require(!remote.contains(" ") && !remote.contains("\n") && remote != String(repeating: "0", count: 40), "remote sha \(remote)")
            }
        }
    }

    /// A configuration bench can act on: thresholds and timeouts print, timeouts are
    /// finite, positive and at most `TimeoutParser.maximum`, benchmarks are named once,
    /// with 1 to 10000 samples and a work directory inside the repository; notification
    /// channels are named once, want some event, and have what their type sends with.
    static func check(_ config: BenchConfig) {
        for channel in config.notify {
            valid(channel.name, "notify name")
            require(config.notify.filter { $0.name == channel.name }.count == 1, "notify \(channel.name) twice")
            require(!channel.events.isEmpty, "notify \(channel.name) wants no event")
            require(channel.variables.allSatisfy { !$0.name.isEmpty && $0.name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 32 } },
                    "variable names of \(channel.name)")
            if channel.kind == .email {
                require(channel.smtpURL != nil && channel.from != nil && !channel.to.isEmpty, "email \(channel.name) lacks a server or address")
                require(!NoticeMessage.subject(.sample, template: channel.subject).contains("\n"), "subject of \(channel.name) spans lines")
            } else {
                require(channel.urlVariable != nil && (channel.kind != .webhook || channel.secretVariable != nil), "\(channel.name) lacks url-env")
            }
        }
        for (name, rule) in config.metrics {
            if let threshold = rule.threshold {
                require(threshold.fraction.isFinite && threshold.fraction >= 0, "threshold of \(name): \(threshold.fraction)")
                _ = threshold.description
            }
        }
        timeout(config.hooks.timeout, "hooks.timeout")
        for spec in config.benchmarks {
            valid(spec.name, "benchmark name")
            require(config.benchmarks.filter { $0.name == spec.name }.count == 1, "benchmark \(spec.name) twice")
            require((1...10_000).contains(spec.samples), "samples \(spec.samples)")
            timeout(spec.timeout, "timeout of \(spec.name)")
            if let workdir = spec.workdir { require(!workdir.hasPrefix("/") && !workdir.split(separator: "/").contains(".."), workdir) }
        }
    }

    private static func timeout(_ seconds: Double, _ what: String) {
        require(seconds.isFinite && seconds > 0 && seconds <= TimeoutParser.maximum, "\(what): \(seconds)")
        _ = TimeoutParser.describe(seconds)
    }

    private static func valid(_ name: String, _ what: String) {
        require((try? Names.validate(name, field: what)) != nil, "invalid \(what): \(name.debugDescription)")
    }

    private static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fatalError("broken promise: " + message()) }
    }
}
