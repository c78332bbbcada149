import BenchCLI

await Bench.start()
