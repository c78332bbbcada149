import time

import pytest


@pytest.mark.parametrize("n", [1000, 100000])
def test_sum(n):
    assert sum(range(n)) == n * (n - 1) // 2


def test_sleep():
    time.sleep(0.01)


@pytest.mark.skip(reason="not measured")
def test_skipped():
    pass
