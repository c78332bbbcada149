import random


def make(n):
    rng = random.Random(42)
    return [rng.random() for _ in range(n)]


def test_sort_small(benchmark):
    data = make(100)
    benchmark(sorted, data)


def test_sort_large(benchmark):
    data = make(10000)
    benchmark(sorted, data)
