import Foundation

/// Rust criterion: an `estimates.json` (one benchmark; its name comes from the caller, as
/// criterion keeps it in the directory name) or `--output-format bencher` text lines
/// (`test name ... bench:  1,234 ns/iter (+/- 56)`). Times are in nanoseconds.
enum CriterionFormat {
    static func isBencherLine(_ line: Substring) -> Bool { parseBencher(line) != nil }

    static func parseBencher(_ line: Substring) -> BenchResult? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        // The marker is looked for after "test ": in "test ... bench:" its space is the prefix's.
        guard trimmed.hasPrefix("test "), let marker = trimmed.dropFirst(5).range(of: " ... bench:") else { return nil }
        let name = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 5)..<marker.lowerBound].trimmingCharacters(in: .whitespaces)
        let rest = trimmed[marker.upperBound...].split(separator: " ", omittingEmptySubsequences: true)
        guard rest.count >= 2, rest[1] == "ns/iter", let value = Double(rest[0].replacingOccurrences(of: ",", with: "")),
              value.isFinite, (try? Names.validate(name, field: "name")) != nil else { return nil }
        var metrics = [NamedMetric(name: "time", metric: MetricValue(value: value, unit: "ns"))]
        if rest.count >= 4, rest[2] == "(+/-", let spread = Double(rest[3].dropLast().replacingOccurrences(of: ",", with: "")),
           spread.isFinite {
            metrics.append(NamedMetric(name: "time_deviation", metric: MetricValue(value: spread, unit: "ns")))
        }
        return BenchResult(modelVersion: name, metrics: metrics)
    }

    static func parse(_ bytes: [UInt8], name: String?) throws(FormatError) -> [BenchResult] {
        if let root = try? JSONParser.parse(bytes) {
            // Criterion's headline figure: the slope when it sampled linearly, else the mean.
            let field = root["slope"].map { $0.value == .null ? "mean" : "slope" } ?? "mean"
            let estimate = try root.required(field, "")
            let value = try estimate.required("point_estimate", field + ".").finiteNumber(field + ".point_estimate")
            var metrics = [NamedMetric(name: "time", metric: MetricValue(value: value, unit: "ns"))]
            if let deviation = root["std_dev"]?["point_estimate"] {
                metrics.append(NamedMetric(name: "time_deviation", metric: MetricValue(value: try deviation.finiteNumber("std_dev.point_estimate"), unit: "ns")))
            }
            return [BenchResult(modelVersion: name ?? "criterion", metrics: metrics)]
        }
        let text = try ResultFormat.text(bytes)
        var accumulator = MetricAccumulator()
        for line in text.split(separator: "\n") { if let result = parseBencher(line) { accumulator.add(result) } }
        let results = accumulator.results
        guard !results.isEmpty else {
            // Say where the JSON broke, when it was meant to be JSON.
            if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{") { _ = try JSONParser.parse(bytes) }
            throw FormatError(message: "neither estimates.json nor bencher lines (test NAME ... bench: N ns/iter)",
                              hint: "give target/criterion/NAME/new/estimates.json or `cargo bench -- --output-format bencher` output")
        }
        return results
    }
}
