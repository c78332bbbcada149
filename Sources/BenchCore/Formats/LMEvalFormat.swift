/// lm-evaluation-harness results (`--output_path`, `results_*.json`): one result per task,
/// the model as `model_version` (`model_name`, else `pretrained=` of `config.model_args`)
/// and the task as `dataset_version`. Metrics keep their names (`acc`, `acc_stderr`); a
/// filter other than `none` is kept in brackets (`exact_match[strict-match]`).
enum LMEvalFormat {
    static func parse(_ root: JSONNode) throws(FormatError) -> [BenchResult] {
        let model = try modelName(root)
        var results: [BenchResult] = []
        for (task, metricsNode) in try root.required("results", "").members("results") {
            var metrics: [NamedMetric] = []
            for (key, node) in try metricsNode.members("results.\(task)") {
                // Aliases are text and an unknown stderr is "N/A": only numbers are metrics.
                guard case .number = node.value else { continue }
                let parts = key.split(separator: ",", maxSplits: 1)
                let name = parts.count == 2 && parts[1] != "none" ? "\(parts[0])[\(parts[1])]" : String(parts.first ?? "")
                metrics.append(NamedMetric(name: name, metric: MetricValue(value: try node.finiteNumber("results.\(task).\(key)"))))
            }
            guard !metrics.isEmpty else { continue }
            results.append(BenchResult(modelVersion: model, datasetVersion: task, metrics: metrics))
        }
        guard !results.isEmpty else { throw root.failure("results", "holds no task with metrics") }
        return results
    }

    private static func modelName(_ root: JSONNode) throws(FormatError) -> String {
        if let name = root["model_name"], case .string(let text) = name.value, !text.isEmpty { return text }
        if let arguments = root["config"]?["model_args"], case .string(let text) = arguments.value,
           let pretrained = text.split(separator: ",").first(where: { $0.hasPrefix("pretrained=") }) {
            return String(pretrained.dropFirst("pretrained=".count))
        }
        if let model = root["config"]?["model"], case .string(let text) = model.value, !text.isEmpty { return text }
        throw root.failure("model_name", "is missing", hint: "give the results file lm-eval wrote (it names the model in model_name or config.model_args)")
    }
}
