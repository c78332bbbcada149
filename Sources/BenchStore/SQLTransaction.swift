/// Runs `body` between `begin` and `COMMIT` on a connection whose statements `execute` runs,
/// rolling back when it throws: how both stores make a transaction.
func sqlTransaction<T>(begin: String, _ execute: (String) throws(StoreError) -> Void,
                       _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
    try execute(begin)
    do {
        let value = try body()
        try execute("COMMIT")
        return value
    } catch {
        try? execute("ROLLBACK")
        throw error
    }
}
