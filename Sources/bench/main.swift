import BenchCLI

Bench.start()
