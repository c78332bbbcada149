extension Array {
    /// The elements on the first of `branches` that has any (nil entries are skipped), else
    /// all of them: how commands prefer the series of the branch they work on.
    func preferring(_ branches: [String?], branch: (Element) -> String) -> [Element] {
        for case let name? in branches {
            let onBranch = filter { branch($0) == name }
            if !onBranch.isEmpty { return onBranch }
        }
        return self
    }
}
