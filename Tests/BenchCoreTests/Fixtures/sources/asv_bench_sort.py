import random


class SortSuite:
    params = [256, 1024]
    param_names = ["n"]

    def setup(self, n):
        rng = random.Random(42)
        self.data = [rng.random() for _ in range(n)]

    def time_sort(self, n):
        sorted(self.data)

    def peakmem_sort(self, n):
        sorted(self.data)


def track_answer():
    return 42
track_answer.unit = "answers"
