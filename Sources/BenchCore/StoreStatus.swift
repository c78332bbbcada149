import Foundation

/// Counts of what a store holds, for `bench db status` and for tests.
public struct StoreCounts: Sendable, Equatable {
    public var transactions: Int
    public var snapshots: Int
    public var metrics: Int

    public init(transactions: Int, snapshots: Int, metrics: Int) {
        self.transactions = transactions
        self.snapshots = snapshots
        self.metrics = metrics
    }
}

/// What `bench db status` reports.
public struct StoreStatus: Sendable {
    public var schemaVersion: Int
    public var newestVersion: Int
    public var counts: StoreCounts?
    /// PostgreSQL only: bench's roles that exist, row-level security per table, and the user.
    public var roles: [String]
    public var rowLevelSecurity: [String: Bool]
    public var user: String

    public init(schemaVersion: Int, newestVersion: Int, counts: StoreCounts?, roles: [String] = [],
                rowLevelSecurity: [String: Bool] = [:], user: String = "") {
        self.schemaVersion = schemaVersion
        self.newestVersion = newestVersion
        self.counts = counts
        self.roles = roles
        self.rowLevelSecurity = rowLevelSecurity
        self.user = user
    }
}
