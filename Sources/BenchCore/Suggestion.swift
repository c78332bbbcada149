/// "Did you mean …?" for a mistyped name: the known name fewest edits away, when it is close.
public enum Suggestion {
    /// The closest of `candidates` to `word` (Levenshtein distance, case-insensitive), if at
    /// most a third of its length (at least 1, at most 3) away, or `word` is a prefix of it.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let typed = Array(word.lowercased())
        guard !typed.isEmpty, typed.count <= 64 else { return nil }
        let limit = min(3, max(1, typed.count / 3))
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let lowered = candidate.lowercased()
            let distance = lowered.hasPrefix(String(typed)) && typed.count >= 3 ? 0 : edits(typed, Array(lowered))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `did you mean 'record'? ` (with its trailing space), or nothing.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        closest(to: word, among: candidates).map { "did you mean '\($0)'? " } ?? ""
    }

    /// Levenshtein distance, an adjacent swap counting as one edit.
    static func edits(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](0...b.count)
        var previous = before
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = Swift.min(current[j], before[j - 2] + 1) }
            }
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
