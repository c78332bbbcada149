extension TestbedEpoch {
    /// The testbed epochs of a history read newest first, found as it goes (`bench history`
    /// streams): an unknown testbed never starts one, it belongs to the epoch it falls in.
    /// `oldestFirst` gives what `TestbedEpoch.of` gives for the same snapshots oldest first.
    public struct Tracker: Sendable {
        /// Each epoch so far, newest first, with where it starts among the snapshots added.
        private var epochs: [(epoch: TestbedEpoch, start: Int)] = []
        private var added = 0
        private var known: String?
        private var knownVersion = 0
        private var unknownNewestVersion = 0

        public init() {}

        /// Whether `snapshot`, the next older one, starts a new epoch.
        public func startsEpoch(_ snapshot: Snapshot) -> Bool {
            guard let testbed = snapshot.testbed, let known else { return false }
            return testbed != known
        }

        /// How many of the snapshots read last have an unknown testbed: when the next one
        /// starts an epoch, they belong to it (read oldest first, they follow its runs).
        public private(set) var unknownSinceKnown = 0

        /// Whether a known testbed was read: then every epoch gets its label.
        public var seenTestbed: Bool { known != nil }

        /// The epoch being read.
        public var current: TestbedEpoch? { epochs.last?.epoch }

        public mutating func add(_ snapshot: Snapshot) {
            if epochs.isEmpty {
                epochs.append((TestbedEpoch(testbed: snapshot.testbed, firstVersion: snapshot.version, lastVersion: snapshot.version, range: 0..<0), 0))
            } else if startsEpoch(snapshot) {
                let moved = unknownSinceKnown
                epochs[epochs.count - 1].epoch.firstVersion = knownVersion
                let newest = moved > 0 ? unknownNewestVersion : snapshot.version
                epochs.append((TestbedEpoch(testbed: snapshot.testbed, firstVersion: snapshot.version, lastVersion: newest, range: 0..<0), added - moved))
            } else {
                epochs[epochs.count - 1].epoch.firstVersion = snapshot.version
                if epochs[epochs.count - 1].epoch.testbed == nil { epochs[epochs.count - 1].epoch.testbed = snapshot.testbed }
            }
            added += 1
            if let testbed = snapshot.testbed {
                known = testbed
                knownVersion = snapshot.version
                unknownSinceKnown = 0
            } else {
                if unknownSinceKnown == 0 { unknownNewestVersion = snapshot.version }
                unknownSinceKnown += 1
            }
        }

        /// Every epoch, oldest first, each with its positions in the oldest-first list.
        public var oldestFirst: [TestbedEpoch] {
            epochs.indices.reversed().map { index in
                let start = epochs[index].start, end = index + 1 < epochs.count ? epochs[index + 1].start : added
                var epoch = epochs[index].epoch
                epoch.range = (added - end)..<(added - start)
                return epoch
            }
        }
    }
}
