// bench with the dashboard linked in: `bench serve` and `bench report` hand over to this
// program, which runs the same command line with the dashboard's entry points filled in.
import BenchCLI
import BenchDashboard
import Hummingbird

DashboardLauncher.serve = { request in
    let source = DashboardSource(repositoryPath: request.repositoryPath, environment: request.environment, storeOverride: request.storeOverride)
    try await Dashboard.application(DashboardOptions(source: source, host: request.host, port: request.port, token: request.token)).runService()
}
DashboardLauncher.report = { request in
    try await Dashboard.report(DashboardSource(repositoryPath: request.repositoryPath, environment: request.environment,
                                               storeOverride: request.storeOverride), metric: request.metric)
}
await Bench.start()
