extension String.UTF8View {
    /// Whether `needle`'s bytes occur in these, found by a plain scan: for the short names
    /// bench matches (a metric's direction, whether it is a quantity), faster than
    /// `String.contains(_:)`, which builds a search table per call (and pays for its hashed
    /// collection's first use at start-up).
    func contains(bytes needle: String.UTF8View) -> Bool {
        guard let first = needle.first else { return true }
        var start = startIndex
        while let found = self[start...].firstIndex(of: first) {
            if self[found...].starts(with: needle) { return true }
            start = index(after: found)
        }
        return false
    }
}
