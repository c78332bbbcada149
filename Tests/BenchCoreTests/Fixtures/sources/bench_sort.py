import pyperf

runner = pyperf.Runner()
runner.timeit("sort 256", stmt="sorted(data)", setup="import random; random.seed(1); data = [random.random() for _ in range(256)]")
runner.timeit("sort 1024", stmt="sorted(data)", setup="import random; random.seed(1); data = [random.random() for _ in range(1024)]")
